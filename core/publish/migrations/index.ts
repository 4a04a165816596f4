import type { Database } from 'better-sqlite3';
import { up as publishJobs } from './001_publishJobs';
import { up as oneAudioPass } from './002_oneAudioPass';
import { up as seedsStored } from './003_seedsStored';

export interface PublishMigration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Every publish-database migration in order; a new one is a new numbered file appended here. */
export const publishMigrations: readonly PublishMigration[] = [
  { version: 1, name: 'publish jobs', up: publishJobs },
  { version: 2, name: 'no container working copy', up: oneAudioPass },
  { version: 3, name: 'seeds that keep the track', up: seedsStored },
];
