import type { Database } from 'better-sqlite3';

/**
 * A track is published once the network's seeds keep it (PROTOCOL §7): a finished job records how
 * many seeds confirmed it. Jobs finished before seeds existed have none recorded (NULL).
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE publish_jobs ADD COLUMN seeds_stored INTEGER');
}
