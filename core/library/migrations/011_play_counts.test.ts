import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { openLibraryDatabase } from '../database';
import { PlayHistory } from '../playHistory';
import { TrackQueries } from '../trackQueries';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-011-');

const counts = (db: Database.Database) =>
  db.prepare('SELECT title, play_count, last_played_at FROM tracks ORDER BY id').raw().all();

test('011 carries a version-10 library’s plays into the counts, which then follow new plays', () => {
  const file = inWorkDir('upgrade.sqlite');
  databaseAtVersion(
    file,
    librarySchema,
    10,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Pastel Blues', 1, 'pastel blues');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'n', 'p', 's'),
      ('/music/be-my-husband.flac', 10, 1, 'Be My Husband', 1, 1, 'audio/flac', 'flac', 'n', 'p', 'b'),
      ('/music/ain’t-no-use.flac', 10, 1, 'Ain’t No Use', 1, 1, 'audio/flac', 'flac', 'n', 'p', 'a');
    INSERT INTO plays (track_id, played_at) VALUES (1, 5000), (1, 9000), (1, 7000), (2, 3000);
  `,
  ).close();

  const db = openLibraryDatabase(file);
  try {
    assert.deepEqual(counts(db), [
      ['Sinnerman', 3, 9000],
      ['Be My Husband', 1, 3000],
      ['Ain’t No Use', 0, null],
    ]);
    const history = new PlayHistory(db);
    history.record(3, 10_000);
    history.record(1, 8_000); // an older play than the last one (a clock set back) keeps the last
    assert.deepEqual(counts(db), [
      ['Sinnerman', 4, 9000],
      ['Be My Husband', 1, 3000],
      ['Ain’t No Use', 1, 10_000],
    ]);
    // A play forgotten (by hand, or by a future tool) counts down and gives back the last one.
    db.prepare('DELETE FROM plays WHERE track_id = 1 AND played_at = 9000').run();
    assert.deepEqual(counts(db)[0], ['Sinnerman', 3, 8000]);
    // Sorting by plays reads the counts; the ids break ties.
    const queries = new TrackQueries(db);
    const sorted = queries.listTracks({ sort: { column: 'plays', descending: true }, offset: 0, limit: 3 });
    assert.deepEqual(
      sorted.tracks.map((track) => [track.title, track.playCount]),
      [
        ['Sinnerman', 3],
        ['Ain’t No Use', 1],
        ['Be My Husband', 1],
      ],
    );
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM tracks t ORDER BY t.play_count DESC, t.id DESC LIMIT 50`)
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    assert.match(plan, /tracks_by_play_count/, 'the sort walks its index');
  } finally {
    db.close();
  }
});
