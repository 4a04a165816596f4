import type { Migration } from '../../../base/migrationRunner';
import { migration001 } from './001_publishJobs';
import { migration002 } from './002_oneAudioPass';
import { migration003 } from './003_seedsStored';

/** Every publish-database migration in order; a new one is a new numbered file appended here. */
export const publishMigrations: readonly Migration[] = [migration001, migration002, migration003];
