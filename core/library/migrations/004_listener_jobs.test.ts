import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { migrations } from './index';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-004-');

/** A library saved by a Busker that knew migrations up to 003: a local file, a catalogue track, a key. */
function makeVersion3Library(file: string): void {
  databaseAtVersion(
    file,
    librarySchema,
    3,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('', 1, '');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'nina simone', '', 'sinnerman'),
      ('catalogue:31337:0xabc:0', 20, 0, 'On chain', 1, 1, 'audio/flac', 'catalogue', 'nina simone', '', 'on chain');
    INSERT INTO catalogue_media (track_id, chain_id, artist, chain_track_id, audio_cid, key_commitment)
    VALUES (2, 31337, '0xabc', 0, 'bafy', '0x00');
    INSERT INTO vault_keys (chain_id, artist, chain_track_id, wrapped_key, added_at) VALUES (31337, '0xabc', 0, x'00', 1);
  `,
  ).close();
}

test('004 upgrades a version-3 library holding tracks, catalogue media and keys; the new tables start empty', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeVersion3Library(file);
  const db = openLibraryDatabase(file);
  try {
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    assert.deepEqual(db.prepare('SELECT id, title FROM tracks ORDER BY id').all(), [
      { id: 1, title: 'Sinnerman' },
      { id: 2, title: 'On chain' },
    ]);
    assert.equal(db.prepare('SELECT audio_cid FROM catalogue_media').pluck().get(), 'bafy');
    assert.equal(db.prepare('SELECT count(*) FROM vault_keys').pluck().get(), 1);
    assert.equal(db.prepare('SELECT count(*) FROM catalogue_metadata_fetches').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM unlock_jobs').pluck().get(), 0);
  } finally {
    db.close();
  }
});

test('004: one fetch row per on-chain track, one job per track and listener, states checked', () => {
  const file = inWorkDir('constraints.sqlite');
  makeVersion3Library(file);
  const db = openLibraryDatabase(file);
  try {
    const fetch = db.prepare(
      `INSERT INTO catalogue_metadata_fetches (chain_id, artist, chain_track_id, metadata_cid, status, updated_at)
       VALUES (31337, '0xabc', ?, 'bafy', ?, 1)`,
    );
    fetch.run(0, 'saved');
    assert.throws(() => fetch.run(0, 'saved'), /UNIQUE|PRIMARY KEY/);
    assert.throws(() => fetch.run(1, 'lost'), /CHECK/);

    const job = db.prepare(
      `INSERT INTO unlock_jobs (chain_id, artist, chain_track_id, listener, state, amount, created_at, updated_at)
       VALUES (31337, '0xabc', 0, ?, ?, '1000', 1, 1)`,
    );
    job.run('0x01', 'tipping');
    job.run('0x02', 'ready');
    assert.throws(() => job.run('0x01', 'tipping'), /UNIQUE|PRIMARY KEY/);
    assert.throws(() => job.run('0x03', 'paying'), /CHECK/);
  } finally {
    db.close();
  }
});
