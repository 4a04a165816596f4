// Where every migration test starts (DESIGN: each migration upgrades a database holding rows): a
// database as an older release left it, its schema at some version, with rows in it.
import Database from 'better-sqlite3';
import type { Migration } from '../../base/migrationRunner';
import { migrateLibrarySchema } from '../library/database';
import { migrations as libraryMigrations } from '../library/migrations';
import { migratePublishSchema } from '../publish/publishDatabase';
import { publishMigrations } from '../publish/migrations';

/** A database's migrations and the function that applies them. */
export interface MigratedSchema {
  readonly migrations: readonly Migration[];
  migrate(db: Database.Database, migrations: readonly Migration[]): number;
}

export const librarySchema: MigratedSchema = { migrations: libraryMigrations, migrate: migrateLibrarySchema };
export const publishSchema: MigratedSchema = { migrations: publishMigrations, migrate: migratePublishSchema };

/**
 * Opens `file` (or `:memory:`) migrated up to `version` of `schema`, as a release that knew no
 * later migration saved it, and runs `rows` (SQL inserts) in it. The caller closes it.
 */
export function databaseAtVersion(
  file: string,
  schema: MigratedSchema,
  version: number,
  rows: string,
): Database.Database {
  const db = new Database(file);
  try {
    schema.migrate(
      db,
      schema.migrations.filter((migration) => migration.version <= version),
    );
    db.exec(rows);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
