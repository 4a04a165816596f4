import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { AppError } from '../../errors';
import { migrateLibrarySchema, openLibraryDatabase } from '../database';
import { migrations } from './index';

const latest = migrations.at(-1)!.version;
const only001 = migrations.filter((migration) => migration.version <= 1);

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-migrate-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('001 creates the schema on an empty database and records version 1', () => {
  const file = join(workDir, 'fresh.sqlite');
  const raw = new Database(file);
  migrateLibrarySchema(raw, only001);
  assert.equal(raw.pragma('user_version', { simple: true }), 1);
  const tables = raw
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'track_search_%' ORDER BY name",
    )
    .pluck()
    .all();
  assert.deepEqual(tables, ['albums', 'artists', 'covers', 'schema_migrations', 'track_search', 'tracks']);
  raw.close();

  const db = openLibraryDatabase(file);
  assert.equal(db.pragma('user_version', { simple: true }), latest);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  // NORMAL is 1.
  assert.equal(db.pragma('synchronous', { simple: true }), 1);
  db.close();
});

test('reopening a migrated database holding rows changes nothing', () => {
  const file = join(workDir, 'reopen.sqlite');
  const db = openLibraryDatabase(file);
  db.prepare("INSERT INTO artists (name, sort_name) VALUES ('Beyoncé', 'beyonce')").run();
  db.prepare("INSERT INTO albums (title, artist_id, sort_title) VALUES ('Lemonade', 1, 'lemonade')").run();
  db.prepare(
    `INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type,
       sort_artist, sort_album, sort_title)
     VALUES ('/music/hold-up.flac', 10, 1, 'Hold Up', 1, 1, 'audio/flac', 'flac', 'beyonce', 'lemonade', 'hold up')`,
  ).run();
  db.prepare(
    "INSERT INTO track_search (rowid, title, artist, album) VALUES (1, 'Hold Up', 'Beyoncé', 'Lemonade')",
  ).run();
  db.close();

  const reopened = openLibraryDatabase(file);
  assert.equal(reopened.pragma('user_version', { simple: true }), latest);
  assert.equal(reopened.prepare('SELECT title FROM tracks').pluck().get(), 'Hold Up');
  // The search table's tokenizer folds diacritics and the prefix index answers prefixes.
  assert.deepEqual(
    reopened.prepare('SELECT rowid FROM track_search WHERE track_search MATCH \'"beyon"*\'').pluck().all(),
    [1],
  );
  reopened.close();
});

test('foreign keys refuse a track pointing at no artist', () => {
  const db = openLibraryDatabase(join(workDir, 'keys.sqlite'));
  assert.throws(
    () =>
      db
        .prepare(
          `INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type,
             sort_artist, sort_album, sort_title) VALUES ('/x', 1, 1, 'x', 42, 42, 'audio/mpeg', 'mp3', '', '', '')`,
        )
        .run(),
    /FOREIGN KEY/,
  );
  db.close();
});

test('a database from a newer Busker is refused with a clear error and left untouched', () => {
  const file = join(workDir, 'newer.sqlite');
  const raw = new Database(file);
  raw.pragma('user_version = 99');
  raw.close();
  assert.throws(
    () => openLibraryDatabase(file),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'LIBRARY_TOO_NEW');
      assert.match(error.message, /newer version of Busker.*Update Busker/);
      return true;
    },
  );
  const check = new Database(file);
  assert.equal(check.pragma('user_version', { simple: true }), 99);
  assert.equal(check.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'tracks'").pluck().get(), 0);
  check.close();
});

test('a migration that fails rolls back whole and keeps the previous version', () => {
  const db = new Database(join(workDir, 'failing.sqlite'));
  migrateLibrarySchema(db, migrations);
  const failing = {
    version: latest + 1,
    name: 'half-done',
    statements: ['CREATE TABLE half (id INTEGER)', 'INSERT INTO no_such_table VALUES (1)'],
  };
  assert.throws(() => migrateLibrarySchema(db, [...migrations, failing]), /no such table/);
  assert.equal(db.pragma('user_version', { simple: true }), latest);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get(), 0);
  db.close();
});
