import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { AppError } from '../errors';
import type { LibraryDatabase } from './database';
import { openLibraryDatabase } from './database';
import { Playlists } from './playlists';
import { TrackRepo } from './trackRepo';
import type { TrackRecord } from './trackRepo';

let workDir: string;
let musicDir: string;
let db: LibraryDatabase;
let playlists: Playlists;
let ids: Record<string, number>;

function record(path: string, title: string): TrackRecord {
  return {
    path,
    size: 1000,
    mtimeMs: 1,
    title,
    artist: 'Nina Simone',
    albumArtist: 'Nina Simone',
    album: 'Pastel Blues',
    trackNumber: null,
    discNumber: null,
    year: 1965,
    durationMs: 180_000,
    mime: 'audio/flac',
    sniffedType: 'flac',
    cover: null,
    replacesId: null,
  };
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-playlists-'));
  musicDir = join(workDir, 'music');
  await mkdir(musicDir, { recursive: true });
  for (const name of ['a.flac', 'b.flac', 'c.flac', 'outside.flac'])
    await writeFile(join(musicDir, name), 'x');
  db = openLibraryDatabase(join(workDir, 'library.sqlite'));
  new TrackRepo(db).saveTracks([
    record(join(musicDir, 'a.flac'), 'A'),
    record(join(musicDir, 'b.flac'), 'B'),
    record(join(musicDir, 'c.flac'), 'C'),
    record('catalogue:31337:0xabc:0', 'On chain'),
  ]);
  ids = Object.fromEntries(
    (db.prepare('SELECT title, id FROM tracks').all() as { title: string; id: number }[]).map((row) => [
      row.title,
      row.id,
    ]),
  );
});

beforeEach(() => {
  db.exec('DELETE FROM playlists');
  playlists = new Playlists(db, () => 1000);
});

after(async () => {
  db.close();
  await rm(workDir, { recursive: true, force: true });
});

const notFound = (error: unknown) => error instanceof AppError && error.code === 'PLAYLIST_NOT_FOUND';

test('create, list by name, rename and delete; a missing playlist is a typed error in words', () => {
  const evening = playlists.create('evening', [ids.A!, ids.B!]);
  playlists.create('Afternoon');
  assert.deepEqual(evening, { id: evening.id, name: 'evening', trackCount: 2 });
  assert.deepEqual(
    playlists.list().map((p) => p.name),
    ['Afternoon', 'evening'],
  );
  assert.equal(playlists.rename(evening.id, 'Night').name, 'Night');
  playlists.delete(evening.id);
  assert.deepEqual(
    playlists.list().map((p) => p.name),
    ['Afternoon'],
  );
  assert.throws(() => playlists.get(evening.id), notFound);
  assert.throws(() => playlists.rename(evening.id, 'x'), notFound);
  assert.throws(() => playlists.delete(evening.id), notFound);
  assert.throws(() => playlists.addTracks(evening.id, [ids.A!]), notFound);
});

test('tracks are added in order (duplicates allowed, unknown ids left out), moved and reordered', () => {
  const list = playlists.create('Mix', [ids.A!]);
  playlists.addTracks(list.id, [ids.C!, 99_999, ids['On chain']!, ids.A!]);
  assert.deepEqual(playlists.get(list.id).trackIds, [ids.A, ids.C, ids['On chain'], ids.A]);
  playlists.moveEntry(list.id, 0, 2);
  assert.deepEqual(playlists.get(list.id).trackIds, [ids.C, ids['On chain'], ids.A, ids.A]);
  playlists.moveEntry(list.id, 3, -5);
  assert.deepEqual(playlists.get(list.id).trackIds, [ids.A, ids.C, ids['On chain'], ids.A]);
  assert.equal(playlists.setTracks(list.id, [ids.B!, ids.A!]).trackCount, 2);
  assert.deepEqual(playlists.get(list.id).trackIds, [ids.B, ids.A]);
});

test('export then import gives back the same tracks in the same order, catalogue tracks included', () => {
  const list = playlists.create('Round / trip', [ids.C!, ids['On chain']!, ids.A!, ids.C!]);
  const relative = playlists.exportM3u(list.id, musicDir);
  assert.equal(relative.fileName, 'Round _ trip.m3u8');
  assert.match(relative.text, /^#EXTM3U\n#EXTINF:180,Nina Simone - C\nc\.flac\n/);
  const back = playlists.importM3u('Back', relative.text, { baseFolder: musicDir, fileExists: existsSync });
  assert.deepEqual(back.issues, []);
  assert.deepEqual(playlists.get(back.playlist.id).trackIds, playlists.get(list.id).trackIds);

  const absolute = playlists.exportM3u(list.id, null);
  assert.ok(absolute.text.includes(join(musicDir, 'c.flac')));
  const again = playlists.importM3u('Again', absolute.text, { baseFolder: null, fileExists: existsSync });
  assert.deepEqual(playlists.get(again.playlist.id).trackIds, playlists.get(list.id).trackIds);
});

test('import reports missing files, files not in the library, web addresses and unknown catalogue tracks', () => {
  const text = [
    '#EXTM3U',
    'b.flac',
    'gone.flac',
    'outside.flac',
    'http://radio.example/live',
    'catalogue:1:0xdef:9',
    join(musicDir, 'a.flac'),
  ].join('\r\n');
  const result = playlists.importM3u('Partly', text, { baseFolder: musicDir, fileExists: existsSync });
  assert.deepEqual(playlists.get(result.playlist.id).trackIds, [ids.B, ids.A]);
  assert.deepEqual(
    result.issues.map((issue) => [issue.line, issue.code]),
    [
      [3, 'MISSING'],
      [4, 'NOT_IN_LIBRARY'],
      [5, 'SKIPPED'],
      [6, 'MISSING'],
    ],
  );
  assert.match(result.issues[1]!.reason, /not in your library: import its folder/);
  const noBase = playlists.importM3u('No base', 'b.flac\n', { baseFolder: null, fileExists: existsSync });
  assert.equal(noBase.playlist.trackCount, 0);
  assert.match(noBase.issues[0]!.reason, /relative path/);
});
