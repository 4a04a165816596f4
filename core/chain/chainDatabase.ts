// The chain store's SQLite schema: its own numbered migrations and version table, so it can live
// in its own file or share the library's database (whose version is `user_version`).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChainMigration } from './migrations';
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

/** The chain schema version stored in `db` (0 when the chain tables were never created). */
export function chainSchemaVersion(db: ChainDatabase): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS chain_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT version FROM chain_schema WHERE id = 1').get() as
    { version: number } | undefined;
  return row?.version ?? 0;
}

/**
 * Applies the chain migrations newer than the stored version, one transaction each, so a crash
 * between two leaves a consistent database. Returns the version reached.
 */
export function migrateChainSchema(
  db: ChainDatabase,
  migrations: readonly ChainMigration[] = chainMigrations,
): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = chainSchemaVersion(db);
  if (current > latest) throw new ChainSchemaTooNewError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare(
        'INSERT INTO chain_schema (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
      ).run(migration.version);
    })();
  }
  return latest;
}

/** Opens (creating when missing) a chain database at `file` (or `:memory:`) and migrates it. */
export function openChainDatabase(file: string): ChainDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: a tip's record must be on disk before its transaction is broadcast, or a
    // power cut could forget a tip that was paid.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateChainSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
