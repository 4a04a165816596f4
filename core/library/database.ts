import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from '../../base/migrationRunner';
import { migrateSqlite, userVersionMark } from '../../base/migrationRunner';
import { AppError } from '../errors';
import { migrations as libraryMigrations } from './migrations';

export type LibraryDatabase = Database.Database;

/** The library database's file name inside the data folder. */
export const LIBRARY_FILE_NAME = 'library.sqlite';

/** Opens (creating when missing) the library database at `file` and migrates it. */
export function openLibraryDatabase(file: string): LibraryDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a power cut may lose the last transaction, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    migrateLibrarySchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Brings the library up to the newest migration (or the last of `migrations`). Releases before
 * the migrations table read `user_version` alone, so it is kept in step for them.
 */
export function migrateLibrarySchema(
  db: LibraryDatabase,
  migrations: readonly Migration[] = libraryMigrations,
): number {
  return migrateSqlite(db, migrations, {
    releasedVersionMark: userVersionMark,
    tooNew: (found, supported) =>
      new AppError(
        'LIBRARY_TOO_NEW',
        `This music library was saved by a newer version of Busker (library version ${found}; this ` +
          `version reads up to ${supported}). Update Busker to open it.`,
      ),
  });
}
