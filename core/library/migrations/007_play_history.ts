import type { Migration } from '../../../base/migrationRunner';

/**
 * Play history (issue 24): one row each time a track counted as played (half of it, or four
 * minutes, heard in one go). Play counts and "last played" are read from it; forgetting a track
 * forgets its plays.
 */
export const migration007: Migration = {
  version: 7,
  name: 'play history',
  statements: [
    `
    CREATE TABLE plays (
      id INTEGER PRIMARY KEY,
      track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
      -- Milliseconds since the epoch.
      played_at INTEGER NOT NULL
    );
    -- A track's count and last play; and the recently played, newest first.
    CREATE INDEX plays_by_track ON plays(track_id, played_at);
    CREATE INDEX plays_by_time ON plays(played_at);
  `,
  ],
};
