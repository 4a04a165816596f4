import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { migrations } from './index';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const latest = migrations.at(-1)!.version;

const inWorkDir = testFolder('busker-migrate-002-');

/** A library saved by a Busker that knew only migration 001, holding one track. */
function makeVersion1Library(file: string): void {
  const db = databaseAtVersion(
    file,
    librarySchema,
    1,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Кино', 'кино');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Группа крови', 1, 'группа крови');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type,
       sort_artist, sort_album, sort_title)
     VALUES ('/music/kino/blood-type.mp3', 10, 1, 'Группа крови', 1, 1, 'audio/mpeg', 'mp3',
       'кино', 'группа крови', 'группа крови');
    INSERT INTO track_search (rowid, title, artist, album) VALUES (1, 'Группа крови', 'Кино', 'Группа крови');
  `,
  );
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  db.close();
}

test('002 upgrades a version-1 library holding tracks: the rows survive, no folder is guessed', () => {
  const file = inWorkDir('upgrade.sqlite');
  makeVersion1Library(file);

  const db = openLibraryDatabase(file);
  try {
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.deepEqual(db.prepare('SELECT id, path, title FROM tracks').all(), [
      { id: 1, path: '/music/kino/blood-type.mp3', title: 'Группа крови' },
    ]);
    assert.deepEqual(
      db.prepare('SELECT rowid FROM track_search WHERE track_search MATCH \'"групп"*\'').pluck().all(),
      [1],
    );
    assert.equal(db.prepare('SELECT count(*) FROM library_folders').pluck().get(), 0);

    db.prepare('INSERT INTO library_folders (path, added_at, last_import_at) VALUES (?, ?, ?)').run(
      '/music',
      1_700_000_000_000,
      null,
    );
    assert.deepEqual(db.prepare('SELECT path, added_at, last_import_at FROM library_folders').all(), [
      { path: '/music', added_at: 1_700_000_000_000, last_import_at: null },
    ]);
    assert.throws(
      () => db.prepare("INSERT INTO library_folders (path, added_at) VALUES ('/music', 1)").run(),
      /UNIQUE/,
    );
  } finally {
    db.close();
  }
});

test('reopening an upgraded library runs nothing again', () => {
  const file = inWorkDir('reopen.sqlite');
  makeVersion1Library(file);
  openLibraryDatabase(file).close();
  const db = openLibraryDatabase(file);
  try {
    assert.equal(db.pragma('user_version', { simple: true }), latest);
    assert.equal(db.prepare('SELECT count(*) FROM tracks').pluck().get(), 1);
  } finally {
    db.close();
  }
});
