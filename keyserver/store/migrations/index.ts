import { migration001 } from './001_identity_and_keys';
import { migration002 } from './002_used_nonces';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, in order; both backends apply exactly these. */
export const migrations: readonly Migration[] = [migration001, migration002];

export const latestSchemaVersion = migrations.length;

/** Creates the version table both backends keep their applied migrations in. */
export const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;
