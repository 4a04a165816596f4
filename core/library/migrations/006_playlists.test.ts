import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-006-');

/** A library saved by a Busker that knew migrations up to 004: a local file and a catalogue track. */
function makeVersion4Library(file: string): void {
  databaseAtVersion(
    file,
    librarySchema,
    4,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('', 1, '');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'nina simone', '', 'sinnerman'),
      ('catalogue:31337:0xabc:0', 20, 0, 'On chain', 1, 1, 'audio/flac', 'catalogue', 'nina simone', '', 'on chain');
    INSERT INTO catalogue_media (track_id, chain_id, artist, chain_track_id, audio_cid, key_commitment)
    VALUES (2, 31337, '0xabc', 0, 'bafy', '0x00');
  `,
  ).close();
}

test('006 upgrades a version-4 library holding tracks; playlists start empty and the tracks stay', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeVersion4Library(file);
  const db = openLibraryDatabase(file);
  try {
    assert.ok((db.pragma('user_version', { simple: true }) as number) >= 6);
    assert.deepEqual(db.prepare('SELECT id, title FROM tracks ORDER BY id').all(), [
      { id: 1, title: 'Sinnerman' },
      { id: 2, title: 'On chain' },
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM playlists').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM playlist_entries').pluck().get(), 0);
    const planOf = (order: string) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM tracks ORDER BY ${order} LIMIT 10`).all() as {
          detail: string;
        }[]
      )
        .map((row) => row.detail)
        .join(' ');
    assert.match(planOf('sort_title, id'), /tracks_by_title/, 'sorting by title uses its index');
    assert.match(planOf('duration_ms DESC, id DESC'), /tracks_by_duration/, 'so does sorting by length');
    assert.doesNotMatch(planOf('duration_ms, id'), /TEMP B-TREE/, 'no full sort');
  } finally {
    db.close();
  }
});

test('006: entries hold known tracks at unique positions and go with their playlist or track', () => {
  const file = inWorkDir('constraints.sqlite');
  makeVersion4Library(file);
  const db = openLibraryDatabase(file);
  try {
    db.prepare("INSERT INTO playlists (id, name, created_at, updated_at) VALUES (1, 'Evening', 1, 1)").run();
    assert.throws(
      () => db.prepare("INSERT INTO playlists (name, created_at, updated_at) VALUES ('', 1, 1)").run(),
      /CHECK/,
    );
    const entry = db.prepare(
      'INSERT INTO playlist_entries (playlist_id, position, track_id) VALUES (?, ?, ?)',
    );
    entry.run(1, 0, 1);
    entry.run(1, 1, 2);
    entry.run(1, 2, 1); // the same track twice is allowed
    assert.throws(() => entry.run(1, 0, 2), /UNIQUE|PRIMARY KEY/);
    assert.throws(() => entry.run(1, 3, 99), /FOREIGN KEY/);
    assert.throws(() => entry.run(1, -1, 1), /CHECK/);

    db.prepare('DELETE FROM tracks WHERE id = 2').run();
    assert.deepEqual(
      db.prepare('SELECT track_id FROM playlist_entries ORDER BY position').pluck().all(),
      [1, 1],
    );
    db.prepare('DELETE FROM playlists WHERE id = 1').run();
    assert.equal(db.prepare('SELECT count(*) FROM playlist_entries').pluck().get(), 0);
  } finally {
    db.close();
  }
});
