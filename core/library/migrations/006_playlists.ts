import type { Migration } from '../../../base/migrationRunner';

/**
 * Playlists (issue 24): a named, ordered list of library tracks, local files and catalogue
 * tracks alike. Entries reference `tracks.id`, so a track taken out of the library (its folder
 * removed, its file deleted) leaves every playlist with it. `position` is dense from 0 and the
 * repo rewrites it on every reorder, so the order is one index scan.
 *
 * The track list sorts by a clicked column (in SQL, since it is paged): title, album and length get
 * an index each, so a page of a 100k-track library sorted by them is not a full sort (artist order
 * is the list order's index).
 */
export const migration006: Migration = {
  version: 6,
  name: 'playlists',
  statements: [
    `
    CREATE TABLE playlists (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      -- Milliseconds since the epoch.
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE playlist_entries (
      playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
      position INTEGER NOT NULL CHECK (position >= 0),
      track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
      PRIMARY KEY (playlist_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX playlist_entries_by_track ON playlist_entries(track_id);

    CREATE INDEX tracks_by_title ON tracks(sort_title, id);
    CREATE INDEX tracks_by_album_title ON tracks(sort_album, disc_number, track_number, sort_title, id);
    CREATE INDEX tracks_by_duration ON tracks(duration_ms, id);
  `,
  ],
};
