import type { Migration } from '../../base/migrationRunner';
import { migration001 } from './001_seed';

/** Every seed-database migration in order; a new one is a new numbered file appended here. */
export const seedMigrations: readonly Migration[] = [migration001];
