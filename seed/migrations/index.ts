import type { Migration } from '../../core/library/migrations';
import { up as seed } from './001_seed';

/** Every seed-database migration in order; a new one is a new numbered file appended here. */
export const seedMigrations: readonly Migration[] = [{ version: 1, name: 'seed', up: seed }];
