// The artist's publish jobs live in their own SQLite file in the data folder (`publish.sqlite`):
// they hold wrapped content keys and signed transactions that only the artist's machine needs, and
// their schema moves on its own, apart from the library and chain stores.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Migration } from '../../base/migrationRunner';
import { migrateSqlite, userVersionMark } from '../../base/migrationRunner';
import { setUpSqlite } from '../../base/sqliteSetUp';
import { publishMigrations } from './migrations';

export type PublishDatabase = Database.Database;

export const PUBLISH_DATABASE_FILE = 'publish.sqlite';

export function publishDatabasePath(dataDir: string): string {
  return join(dataDir, PUBLISH_DATABASE_FILE);
}

/**
 * Applies the migrations not yet recorded, one transaction each. Returns the version reached.
 * Releases before the migrations table read `user_version` alone, so it is kept in step for them.
 */
export function migratePublishSchema(
  db: PublishDatabase,
  migrations: readonly Migration[] = publishMigrations,
): number {
  return migrateSqlite(db, migrations, {
    releasedVersionMark: userVersionMark,
    tooNew: (found, supported) =>
      new Error(
        `The publish jobs were saved by a newer version of Busker (schema ${found}; this version reads up to ${supported}). Update Busker to open them.`,
      ),
  });
}

/** Opens (creating when missing) the publish database at `file` (or `:memory:`) and migrates it. */
export function openPublishDatabase(file: string): PublishDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return setUpSqlite(new Database(file), {
    // FULL: a key or a signed transaction must be on disk before the step that relies on it.
    synchronous: 'FULL',
    migrate: (db) => migratePublishSchema(db),
  });
}
