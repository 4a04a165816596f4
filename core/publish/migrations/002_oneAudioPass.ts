import type { Database } from 'better-sqlite3';

/**
 * Publishing encrypts a file straight into the content store, so jobs no longer name a working
 * copy of the container in the data folder.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE publish_jobs DROP COLUMN container_path');
}
