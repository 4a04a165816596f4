import type { Database } from 'better-sqlite3';

/**
 * The folders the listener imported, so Busker can list them, forget one with its songs, and
 * watch them for changes. Paths are absolute real paths; none lies inside another.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE library_folders (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      -- Milliseconds since the epoch.
      added_at INTEGER NOT NULL,
      last_import_at INTEGER
    );
  `);
  // No backfill: 001 never recorded which folders were imported, and a guess from track paths
  // (their common parent) could watch a whole home folder; importing a folder again records it.
}
