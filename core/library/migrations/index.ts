import type { Database } from 'better-sqlite3';
import { up as initial } from './001_initial';
import { up as libraryFolders } from './002_library_folders';
import { up as catalogueMedia } from './003_catalogue_media';
import { up as listenerJobs } from './004_listener_jobs';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Every migration in order; a new one is a new numbered file appended here. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'library folders', up: libraryFolders },
  { version: 3, name: 'catalogue media and key vault', up: catalogueMedia },
  { version: 4, name: 'catalogue metadata fetches and unlock jobs', up: listenerJobs },
];
