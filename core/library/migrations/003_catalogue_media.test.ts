import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { migrations } from './index';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-003-');

/** A library saved by a Busker that knew migrations up to 002, holding one track and a folder. */
function makeVersion2Library(file: string): void {
  databaseAtVersion(
    file,
    librarySchema,
    2,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Pastel Blues', 1, 'pastel blues');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type,
      sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac',
      'nina simone', 'pastel blues', 'sinnerman');
    INSERT INTO track_search (rowid, title, artist, album) VALUES (1, 'Sinnerman', 'Nina Simone', 'Pastel Blues');
    INSERT INTO library_folders (path, added_at, last_import_at) VALUES ('/music', 1, 2);
  `,
  ).close();
}

test('003 upgrades a version-2 library holding tracks and folders; the new tables start empty', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeVersion2Library(file);
  const db = openLibraryDatabase(file);
  try {
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    assert.deepEqual(db.prepare('SELECT id, path, title FROM tracks').all(), [
      { id: 1, path: '/music/sinnerman.flac', title: 'Sinnerman' },
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM library_folders').pluck().get(), 1);
    assert.equal(db.prepare('SELECT count(*) FROM catalogue_media').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM vault_keys').pluck().get(), 0);
  } finally {
    db.close();
  }
});

test('003: catalogue media goes with its track row, and one on-chain track has one row', () => {
  const file = inWorkDir('cascade.sqlite');
  makeVersion2Library(file);
  const db = openLibraryDatabase(file);
  try {
    const insert = db.prepare(
      `INSERT INTO catalogue_media (track_id, chain_id, artist, chain_track_id, audio_cid, key_commitment)
       VALUES (?, 31337, '0xabc', ?, 'bafy', '0x00')`,
    );
    insert.run(1, 0);
    assert.throws(() => insert.run(1, 1), /UNIQUE|PRIMARY KEY/);
    assert.throws(() => insert.run(2, 0), /UNIQUE/);
    assert.throws(() => insert.run(99, 5), /FOREIGN KEY/);
    db.prepare('DELETE FROM tracks WHERE id = 1').run();
    assert.equal(db.prepare('SELECT count(*) FROM catalogue_media').pluck().get(), 0);

    const putKey = db.prepare(
      "INSERT INTO vault_keys (chain_id, artist, chain_track_id, wrapped_key, added_at) VALUES (31337, '0xabc', 0, ?, 1)",
    );
    putKey.run(Buffer.alloc(60));
    assert.throws(() => putKey.run(Buffer.alloc(60)), /UNIQUE|PRIMARY KEY/);
  } finally {
    db.close();
  }
});
