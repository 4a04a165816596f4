import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { LibrarySearch } from '../librarySearch';
import { TrackQueries } from '../trackQueries';
import { migrations } from './index';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-005-');

/** A library saved by a Busker that knew migrations up to 004, indexed as it did: unfolded text. */
function makeVersion4Library(file: string): void {
  const db = databaseAtVersion(
    file,
    librarySchema,
    4,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Sigur Rós', 'sigur ros'), ('Various Artists', 'various artists'),
      ('Røyksopp', 'royksopp');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Ágætis byrjun', 1, 'agaetis byrjun'),
      ('Straße', 2, 'strasse');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/1.flac', 10, 1, 'Svefn-g-englar', 1, 1, 'audio/flac', 'flac', 'sigur ros', 'agaetis byrjun', 'svefn-g-englar'),
      ('/music/2.flac', 10, 1, 'Œuvre', 3, 2, 'audio/flac', 'flac', 'various artists', 'strasse', 'oeuvre');
    INSERT INTO track_search (rowid, title, artist, album) VALUES (1, 'Svefn-g-englar', 'Sigur Rós', 'Ágætis byrjun'),
      (2, 'Œuvre', 'Røyksopp Various Artists', 'Straße');
  `,
  );
  assert.deepEqual(
    db.prepare(`SELECT rowid FROM track_search WHERE track_search MATCH '"agaetis"*'`).pluck().all(),
    [],
    'before 005, æ does not fold',
  );
  db.close();
}

test('005 re-indexes a version-4 library folded, and indexes its artists and albums', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeVersion4Library(file);
  const db = openLibraryDatabase(file);
  try {
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    assert.deepEqual(
      db.prepare('SELECT rowid, title, artist, album FROM track_search ORDER BY rowid').all(),
      [
        { rowid: 1, title: 'svefn g englar', artist: 'sigur ros', album: 'agaetis byrjun' },
        { rowid: 2, title: 'oeuvre', artist: 'royksopp various artists', album: 'strasse' },
      ],
    );
    assert.deepEqual(db.prepare('SELECT rowid, name FROM artist_search ORDER BY rowid').all(), [
      { rowid: 1, name: 'sigur ros' },
      { rowid: 2, name: 'various artists' },
      { rowid: 3, name: 'royksopp' },
    ]);
    assert.deepEqual(db.prepare('SELECT rowid, title, artist FROM album_search ORDER BY rowid').all(), [
      { rowid: 1, title: 'agaetis byrjun', artist: 'sigur ros' },
      { rowid: 2, title: 'strasse', artist: 'various artists' },
    ]);

    const queries = new TrackQueries(db);
    const search = new LibrarySearch(db, queries);
    const limits = { artists: 5, albums: 5, songs: 5 };
    const agaetis = search.searchLibrary('agaetis', limits);
    assert.deepEqual(
      agaetis.albums.items.map((album) => album.title),
      ['Ágætis byrjun'],
    );
    assert.deepEqual(
      agaetis.songs.items.map((track) => track.title),
      ['Svefn-g-englar'],
    );
    assert.deepEqual(
      search.searchLibrary('royks', limits).artists.items.map((artist) => artist.name),
      ['Røyksopp'],
    );
    assert.deepEqual(
      queries.listTracks({ text: 'strasse oeuvre', offset: 0, limit: 5 }).tracks.map((track) => track.id),
      [2],
    );
  } finally {
    db.close();
  }
});

test('005 on an empty library leaves empty indexes, and a second open runs nothing again', () => {
  const file = inWorkDir('empty.sqlite');
  openLibraryDatabase(file).close();
  const db = openLibraryDatabase(file);
  try {
    assert.deepEqual(
      db.prepare('SELECT version FROM schema_migrations').pluck().all(),
      migrations.map((migration) => migration.version),
    );
    assert.equal(db.prepare('SELECT count(*) FROM artist_search').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM album_search').pluck().get(), 0);
  } finally {
    db.close();
  }
});
