import type { Migration } from '../../../base/migrationRunner';
import { migration001 } from './001_chain';
import { migration002 } from './002_tips';

/** Every chain-store migration in order; a new one is a new numbered file appended here. */
export const chainMigrations: readonly Migration[] = [migration001, migration002];
