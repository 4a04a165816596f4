import type { Database } from 'better-sqlite3';
import { AppError } from '../errors';
import type { Migration } from './migrations';

/**
 * Brings a database up to the newest migration, one transaction per migration, recording the
 * schema version in `user_version` so a crash between two leaves a consistent database.
 */
export function runMigrations(db: Database, migrations: readonly Migration[]): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AppError(
      'LIBRARY_TOO_NEW',
      `This music library was saved by a newer version of Busker (library version ${current}; this ` +
        `version reads up to ${latest}). Update Busker to open it.`,
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
