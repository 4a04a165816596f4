// The artist's publish jobs live in their own SQLite file in the data folder (`publish.sqlite`):
// they hold wrapped content keys and signed transactions that only the artist's machine needs, and
// their schema moves on its own, apart from the library and chain stores.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PublishMigration } from './migrations';
import { publishMigrations } from './migrations';

export type PublishDatabase = Database.Database;

export const PUBLISH_DATABASE_FILE = 'publish.sqlite';

export function publishDatabasePath(dataDir: string): string {
  return join(dataDir, PUBLISH_DATABASE_FILE);
}

/** Applies the migrations newer than `user_version`, one transaction each. Returns the version reached. */
export function migratePublishSchema(
  db: PublishDatabase,
  migrations: readonly PublishMigration[] = publishMigrations,
): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new Error(
      `The publish jobs were saved by a newer version of Busker (schema ${current}; this version reads up to ${latest}). Update Busker to open them.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return latest;
}

/** Opens (creating when missing) the publish database at `file` (or `:memory:`) and migrates it. */
export function openPublishDatabase(file: string): PublishDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a key or a signed transaction must be on disk before the step that relies on it.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migratePublishSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
