import type { Migration } from '../../../base/migrationRunner';

/**
 * The folders the listener imported, so Busker can list them, forget one with its songs, and
 * watch them for changes. Paths are absolute real paths; none lies inside another.
 */
export const migration002: Migration = {
  version: 2,
  name: 'library folders',
  statements: [
    `
    CREATE TABLE library_folders (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      -- Milliseconds since the epoch.
      added_at INTEGER NOT NULL,
      last_import_at INTEGER
    );
  `,
  ],
  // No backfill: 001 never recorded which folders were imported, and a guess from track paths
  // (their common parent) could watch a whole home folder; importing a folder again records it.
};
