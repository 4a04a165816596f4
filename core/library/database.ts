import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from '../../base/migrationRunner';
import { migrateSqlite, userVersionMark } from '../../base/migrationRunner';
import { setUpSqlite } from '../../base/sqliteSetUp';
import { AppError } from '../errors';
import { migrations as libraryMigrations } from './migrations';
import { searchKeyFunction } from './migrations/005_search_folding';
import { searchKey } from './searchFolding';

export type LibraryDatabase = Database.Database;

/** The library database's file name inside the data folder. */
export const LIBRARY_FILE_NAME = 'library.sqlite';

/** Opens (creating when missing) the library database at `file` and migrates it. */
export function openLibraryDatabase(file: string): LibraryDatabase {
  mkdirSync(dirname(file), { recursive: true });
  return setUpSqlite(new Database(file), {
    synchronous: 'NORMAL',
    foreignKeys: true,
    pragmas: ['cache_size = -32000', 'temp_store = MEMORY'],
    migrate: (db) => migrateLibrarySchema(db),
  });
}

/**
 * Brings the library up to the newest migration (or the last of `migrations`). Releases before
 * the migrations table read `user_version` alone, so it is kept in step for them.
 */
export function migrateLibrarySchema(
  db: LibraryDatabase,
  migrations: readonly Migration[] = libraryMigrations,
): number {
  // Migration 005 re-indexes existing rows with the folding only JavaScript knows.
  db.function(searchKeyFunction, { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? searchKey(text) : '',
  );
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
