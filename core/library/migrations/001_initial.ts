import type { Migration } from '../../../base/migrationRunner';

/**
 * The first library schema: artists, albums, tracks, covers and the FTS5 search index.
 * Sort keys are stored on `tracks` so the default list order is one index scan at 100k rows.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  statements: [
    `
    CREATE TABLE artists (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      sort_name TEXT NOT NULL
    );

    CREATE TABLE albums (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      artist_id INTEGER NOT NULL REFERENCES artists(id),
      sort_title TEXT NOT NULL,
      UNIQUE (title, artist_id)
    );
    CREATE INDEX albums_by_artist ON albums(artist_id);

    CREATE TABLE covers (
      id INTEGER PRIMARY KEY,
      sha256 TEXT NOT NULL UNIQUE,
      mime TEXT NOT NULL,
      bytes BLOB NOT NULL
    );

    CREATE TABLE tracks (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      title TEXT NOT NULL,
      artist_id INTEGER NOT NULL REFERENCES artists(id),
      album_id INTEGER NOT NULL REFERENCES albums(id),
      track_number INTEGER,
      disc_number INTEGER,
      year INTEGER,
      duration_ms INTEGER,
      mime TEXT NOT NULL,
      sniffed_type TEXT NOT NULL,
      cover_id INTEGER REFERENCES covers(id) ON DELETE SET NULL,
      sort_artist TEXT NOT NULL,
      sort_album TEXT NOT NULL,
      sort_title TEXT NOT NULL
    );
    -- The default list order: album artist, album, disc, track, title.
    CREATE INDEX tracks_in_list_order
      ON tracks(sort_artist, sort_album, disc_number, track_number, sort_title, id);
    CREATE INDEX tracks_by_album ON tracks(album_id, disc_number, track_number, sort_title, id);
    CREATE INDEX tracks_by_artist ON tracks(artist_id);
    CREATE INDEX tracks_by_cover ON tracks(cover_id);

    -- Rowid is the track id; the repo writes it explicitly (faster than triggers on bulk import).
    CREATE VIRTUAL TABLE track_search USING fts5(
      title, artist, album,
      tokenize = "unicode61 remove_diacritics 2",
      prefix = '1 2 3'
    );
    -- A title hit outranks an artist hit, which outranks an album hit.
    INSERT INTO track_search(track_search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 2.0)');
  `,
  ],
};
