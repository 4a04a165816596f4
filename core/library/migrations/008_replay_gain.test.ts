import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { TrackQueries } from '../trackQueries';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-008-');

/** A library saved by a Busker that knew migrations up to 004, holding two tracks. */
function makeVersion4Library(file: string): void {
  databaseAtVersion(
    file,
    librarySchema,
    4,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Pastel Blues', 1, 'pastel blues');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'nina simone', 'pastel blues', 'sinnerman'),
      ('/music/be my husband.mp3', 20, 1, 'Be My Husband', 1, 1, 'audio/mpeg', 'mp3', 'nina simone', 'pastel blues', 'be my husband');
  `,
  ).close();
}

test('008 upgrades a version-4 library: its tracks are kept, untagged, and list without ReplayGain', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeVersion4Library(file);
  const db = openLibraryDatabase(file);
  try {
    assert.deepEqual(
      db.prepare('SELECT title, replay_gain_track_db, replay_gain_album_peak FROM tracks ORDER BY id').all(),
      [
        { title: 'Sinnerman', replay_gain_track_db: null, replay_gain_album_peak: null },
        { title: 'Be My Husband', replay_gain_track_db: null, replay_gain_album_peak: null },
      ],
    );
    const [track] = new TrackQueries(db).getTracks([1]);
    assert.equal(track?.title, 'Sinnerman');
    assert.equal(track && 'replayGain' in track, false);
  } finally {
    db.close();
  }
});

test('008: a track with ReplayGain columns lists them as its replayGain', () => {
  const file = inWorkDir('tagged.sqlite');
  makeVersion4Library(file);
  const db = openLibraryDatabase(file);
  try {
    db.prepare(
      'UPDATE tracks SET replay_gain_track_db = -6.5, replay_gain_track_peak = 0.9, replay_gain_album_db = -7 WHERE id = 2',
    ).run();
    const [first, second] = new TrackQueries(db).getTracks([1, 2]);
    assert.equal(first?.replayGain, undefined);
    assert.deepEqual(second?.replayGain, {
      trackGainDb: -6.5,
      trackPeak: 0.9,
      albumGainDb: -7,
      albumPeak: null,
    });
  } finally {
    db.close();
  }
});
