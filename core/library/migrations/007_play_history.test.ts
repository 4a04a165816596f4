import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-007-');

/** A library saved by a Busker that knew the migrations before 007, holding two tracks. */
function makeLibraryBefore007(file: string): void {
  databaseAtVersion(
    file,
    librarySchema,
    6,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Pastel Blues', 1, 'pastel blues');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'nina simone', 'pastel blues', 'sinnerman'),
      ('/music/be-my-husband.flac', 10, 1, 'Be My Husband', 1, 1, 'audio/flac', 'flac', 'nina simone', 'pastel blues', 'be my husband');
  `,
  ).close();
}

test('007 upgrades a library holding tracks: they stay, and no play is invented', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeLibraryBefore007(file);
  const db = openLibraryDatabase(file);
  try {
    assert.ok((db.pragma('user_version', { simple: true }) as number) >= 7);
    assert.deepEqual(db.prepare('SELECT title FROM tracks ORDER BY id').pluck().all(), [
      'Sinnerman',
      'Be My Husband',
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM plays').pluck().get(), 0);
  } finally {
    db.close();
  }
});

test('007: plays belong to a track that exists, and go when the track goes', () => {
  const file = inWorkDir('constraints.sqlite');
  makeLibraryBefore007(file);
  const db = openLibraryDatabase(file);
  try {
    const play = db.prepare('INSERT INTO plays (track_id, played_at) VALUES (?, ?)');
    play.run(1, 1_700_000_000_000);
    play.run(1, 1_700_000_600_000);
    play.run(2, 1_700_000_300_000);
    assert.throws(() => play.run(99, 1), /FOREIGN KEY/);
    assert.throws(() => db.prepare('INSERT INTO plays (track_id) VALUES (1)').run(), /NOT NULL/);

    db.prepare('DELETE FROM tracks WHERE id = 1').run();
    assert.deepEqual(db.prepare('SELECT track_id, played_at FROM plays').all(), [
      { track_id: 2, played_at: 1_700_000_300_000 },
    ]);
  } finally {
    db.close();
  }
});
