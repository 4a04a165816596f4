import type { Migration } from '../../../base/migrationRunner';

/**
 * ReplayGain from each file's tags (issue 24), so the player levels tracks and albums without
 * reading the file again: gains in dB, peaks linear (1 = full scale). NULL: the tag is absent.
 * Files imported before this read no such tags; importing the folder again reads them.
 */
export const migration008: Migration = {
  version: 8,
  name: 'replay gain',
  statements: [
    `
    ALTER TABLE tracks ADD COLUMN replay_gain_track_db REAL;
    ALTER TABLE tracks ADD COLUMN replay_gain_track_peak REAL;
    ALTER TABLE tracks ADD COLUMN replay_gain_album_db REAL;
    ALTER TABLE tracks ADD COLUMN replay_gain_album_peak REAL;
  `,
  ],
};
