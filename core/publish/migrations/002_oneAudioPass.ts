import type { Migration } from '../../../base/migrationRunner';

/**
 * Publishing encrypts a file straight into the content store, so jobs no longer name a working
 * copy of the container in the data folder.
 */
export const migration002: Migration = {
  version: 2,
  name: 'no container working copy',
  statements: ['ALTER TABLE publish_jobs DROP COLUMN container_path'],
};
