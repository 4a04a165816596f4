// The chain store's SQLite schema: its own numbered migrations and migrations table, so it can
// live in its own file or share another schema's database.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration, ReleasedVersionMark } from '../../base/migrationRunner';
import { migrateSqlite } from '../../base/migrationRunner';
import { setUpSqlite } from '../../base/sqliteSetUp';
import { chainMigrations } from './migrations';

export type ChainDatabase = Database.Database;

export class ChainSchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database's chain data was saved by a newer version of Busker (chain schema ${found}; this ` +
        `version reads up to ${supported}). Update Busker to open it.`,
    );
    this.name = 'ChainSchemaTooNewError';
  }
}

/** Where releases before the migrations table kept the chain schema version: a one-row table. */
export const chainSchemaMark: ReleasedVersionMark = {
  read(db) {
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chain_schema'")
      .get();
    if (!table) return 0;
    const row = db.prepare('SELECT version FROM chain_schema WHERE id = 1').get() as
      { version: number } | undefined;
    return row?.version ?? 0;
  },
  write(db, version) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS chain_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
    );
    db.prepare(
      'INSERT INTO chain_schema (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
    ).run(version);
  },
};

/** The chain schema version recorded in `db` (0 when the chain tables were never created). */
export function chainSchemaVersion(db: ChainDatabase): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chain_migrations'")
    .get();
  if (!table) return 0;
  return db.prepare<[], number>('SELECT COALESCE(MAX(version), 0) FROM chain_migrations').pluck().get() ?? 0;
}

/**
 * Applies the chain migrations not yet recorded, one transaction each, so a crash between two
 * leaves a consistent database. Returns the version reached. The releases' `chain_schema` row is
 * kept in step, so they still refuse a chain store a newer Busker has moved on.
 */
export function migrateChainSchema(
  db: ChainDatabase,
  migrations: readonly Migration[] = chainMigrations,
): number {
  return migrateSqlite(db, migrations, {
    table: 'chain_migrations',
    releasedVersionMark: chainSchemaMark,
    tooNew: (found, supported) => new ChainSchemaTooNewError(found, supported),
  });
}

/** Opens (creating when missing) a chain database at `file` (or `:memory:`) and migrates it. */
export function openChainDatabase(file: string): ChainDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return setUpSqlite(new Database(file), {
    // FULL, not NORMAL: a tip's record must be on disk before its transaction is broadcast, or a
    // power cut could forget a tip that was paid.
    synchronous: 'FULL',
    foreignKeys: true,
    migrate: (db) => migrateChainSchema(db),
  });
}
