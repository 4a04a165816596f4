import type { Migration } from '../../../base/migrationRunner';
import { createMigrationsTableSql } from '../../../base/migrationRunner';
import { migration001 } from './001_identity_and_keys';
import { migration002 } from './002_used_nonces';

export type { Migration } from '../../../base/migrationRunner';

/** Every migration, in order; both backends apply exactly these. */
export const migrations: readonly Migration[] = [migration001, migration002];

export const latestSchemaVersion = migrations.length;

/** Creates the version table both backends keep their applied migrations in. */
export const createMigrationsTable = createMigrationsTableSql();
