import type { Migration } from '../../../base/migrationRunner';

/**
 * A track is published once the network's seeds keep it (PROTOCOL §7): a finished job records how
 * many seeds confirmed it. Jobs finished before seeds existed have none recorded (NULL).
 */
export const migration003: Migration = {
  version: 3,
  name: 'seeds that keep the track',
  statements: ['ALTER TABLE publish_jobs ADD COLUMN seeds_stored INTEGER'],
};
