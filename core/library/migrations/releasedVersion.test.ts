// Libraries saved before the migrations table recorded their version in `user_version` only.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { AppError } from '../../errors';
import { openLibraryDatabase } from '../database';
import { migrations } from './index';

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-library-released-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** What a released Busker left: the schema up to `version`, `user_version`, no migrations table. */
function writeReleasedLibrary(file: string, version: number): void {
  const db = new Database(file);
  for (const migration of migrations.filter((m) => m.version <= version)) {
    for (const statement of migration.statements) db.exec(statement);
  }
  db.pragma(`user_version = ${version}`);
  db.exec(`
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('', 1, '');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'nina simone', '', 'sinnerman');
  `);
  db.close();
}

function recorded(db: Database.Database): number[] {
  return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
}

test('a released library at the newest version opens as it is: its versions are recorded, its tracks kept', () => {
  const file = join(workDir, 'released-4.sqlite');
  writeReleasedLibrary(file, 4);
  const db = openLibraryDatabase(file);
  try {
    assert.deepEqual(recorded(db), [1, 2, 3, 4, 8]);
    assert.equal(db.pragma('user_version', { simple: true }), 8);
    assert.equal(db.prepare('SELECT title FROM tracks').pluck().get(), 'Sinnerman');
  } finally {
    db.close();
  }
});

test('a released library at version 2 is carried to the newest, its tracks kept', () => {
  const file = join(workDir, 'released-2.sqlite');
  writeReleasedLibrary(file, 2);
  const db = openLibraryDatabase(file);
  try {
    assert.deepEqual(recorded(db), [1, 2, 3, 4, 8]);
    assert.equal(db.pragma('user_version', { simple: true }), 8, 'kept in step for released versions');
    assert.equal(db.prepare('SELECT title FROM tracks').pluck().get(), 'Sinnerman');
    assert.equal(db.prepare('SELECT count(*) FROM unlock_jobs').pluck().get(), 0);
  } finally {
    db.close();
  }
});

test('a library a newer Busker recorded in the table is refused, even with an old user_version', () => {
  const file = join(workDir, 'newer.sqlite');
  openLibraryDatabase(file).close();
  const raw = new Database(file);
  raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9, 'future', 0)").run();
  raw.close();
  assert.throws(
    () => openLibraryDatabase(file),
    (error: unknown) =>
      error instanceof AppError && error.code === 'LIBRARY_TOO_NEW' && /version 9/.test(error.message),
  );
});
