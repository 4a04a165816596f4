import assert from 'node:assert/strict';
import {
  mkdtemp,
  rm,
  symlink,
  utimes,
  writeFile,
  appendFile,
  mkdir,
  copyFile,
  unlink,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ImportProgress } from '../api/appApi';
import { AppError } from '../errors';
import { makeAudioFixtures } from '../../testkit/audioFixtures';
import type { AudioFixtures } from '../../testkit/audioFixtures';
import { openLibraryDatabase } from './database';
import type { LibraryDatabase } from './database';
import { LibraryImporter } from './libraryImporter';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

let workDir: string;
let fixtures: AudioFixtures;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-import-'));
  fixtures = await makeAudioFixtures(join(workDir, 'music'));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function openLibrary(name: string): {
  db: LibraryDatabase;
  importer: LibraryImporter;
  queries: TrackQueries;
} {
  const db = openLibraryDatabase(join(workDir, `${name}.sqlite`));
  const settings = { concurrency: 4, batchSize: 2, progressIntervalMs: 0 };
  return { db, importer: new LibraryImporter(new TrackRepo(db), settings), queries: new TrackQueries(db) };
}

function allTracks(queries: TrackQueries) {
  return queries.listTracks({ offset: 0, limit: 1000 }).tracks;
}

describe('importing the generated fixtures', () => {
  test('imports every real audio file with its tags and reports the bad ones', async () => {
    const { db, importer, queries } = openLibrary('first');
    const events: ImportProgress[] = [];
    const summary = await importer.importFolder(fixtures.dir, { onProgress: (event) => events.push(event) });

    assert.equal(summary.added, fixtures.tracks.length);
    assert.equal(summary.updated, 0);
    assert.equal(summary.removed, 0);
    assert.deepEqual(
      summary.issues.map((issue) => [issue.path, issue.code]),
      fixtures.broken.map((broken) => [broken.relativePath, broken.expectedCode]).sort(),
    );
    const notAudio = summary.issues.find((issue) => issue.path === 'not-audio.mp3');
    assert.equal(notAudio?.reason, 'This file is not audio: it starts like plain text.');
    const broken = summary.issues.find((issue) => issue.path === 'broken.flac');
    assert.match(broken?.reason ?? '', /incomplete/);

    const tracks = allTracks(queries);
    for (const fixture of fixtures.tracks) {
      const track = tracks.find((candidate) => candidate.title === fixture.title);
      assert.ok(track, `missing ${fixture.relativePath}`);
      assert.equal(track.artist, fixture.artist);
      assert.equal(track.album, fixture.album);
      assert.equal(track.trackNumber, fixture.trackNumber);
      assert.equal(track.mime, fixture.mime);
      assert.ok(
        track.durationMs !== null && Math.abs(track.durationMs - fixture.durationMs) < 200,
        `${fixture.relativePath} lasts ${track.durationMs} ms`,
      );
      assert.equal(track.coverId !== null, fixture.hasCover, `cover of ${fixture.relativePath}`);
    }
    // The HTML payload is stored as the text it is, not escaped, not stripped.
    assert.ok(tracks.some((track) => track.title === fixtures.htmlPayloadTitle));
    // The FLAC and the MP3 carry the same PNG: stored once.
    assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 1);
    // The hidden folder holding the cover source was not walked.
    assert.ok(!tracks.some((track) => track.title === 'cover'));

    assert.equal(events[0]?.phase, 'scanning');
    const last = events.at(-1);
    assert.equal(last?.phase, 'done');
    assert.equal(last?.processed, fixtures.tracks.length + fixtures.broken.length);
    db.close();
  });

  test('a second import skips unchanged files, updates changed ones and drops deleted ones', async () => {
    const { db, importer, queries } = openLibrary('incremental');
    const folder = join(workDir, 'incremental');
    await mkdir(folder);
    const [first, second] = fixtures.tracks.filter(
      (track) => track.format === 'flac' || track.format === 'mp3',
    );
    assert.ok(first && second);
    await copyFile(first.path, join(folder, 'one.flac'));
    await copyFile(second.path, join(folder, 'two.mp3'));
    const initial = await importer.importFolder(folder);
    assert.equal(initial.added, 2);

    const again = await importer.importFolder(folder);
    assert.deepEqual([again.added, again.updated, again.unchanged, again.removed], [0, 0, 2, 0]);

    // Same size, new mtime: re-read, same row id.
    const before = allTracks(queries).find((track) => track.title === second.title);
    const later = new Date(Date.now() + 60_000);
    await utimes(join(folder, 'two.mp3'), later, later);
    await unlink(join(folder, 'one.flac'));
    const changed = await importer.importFolder(folder);
    assert.deepEqual([changed.added, changed.updated, changed.unchanged, changed.removed], [0, 1, 0, 1]);
    const tracks = allTracks(queries);
    assert.deepEqual(
      tracks.map((track) => track.title),
      [second.title],
    );
    assert.equal(tracks[0]?.id, before?.id);
    // The deleted FLAC's artist and album are gone; its cover stays, the MP3 still uses it.
    assert.deepEqual(queries.stats(), { tracks: 1, albums: 1, artists: 1 });
    assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 1);
    assert.deepEqual(
      db.prepare('SELECT rowid FROM track_search').pluck().all(),
      tracks.map((track) => track.id),
    );

    await unlink(join(folder, 'two.mp3'));
    const emptied = await importer.importFolder(folder);
    assert.equal(emptied.removed, 1);
    assert.deepEqual(queries.stats(), { tracks: 0, albums: 0, artists: 0 });
    assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 0);
    db.close();
  });

  test('a file that turns corrupt leaves the library and is reported', async () => {
    const { db, importer, queries } = openLibrary('turned-corrupt');
    const folder = join(workDir, 'turned-corrupt');
    await mkdir(folder);
    await copyFile(fixtures.tracks[0]!.path, join(folder, 'song.wav'));
    await importer.importFolder(folder);
    await writeFile(join(folder, 'song.wav'), 'overwritten by a text editor\n');
    const summary = await importer.importFolder(folder);
    assert.equal(summary.removed, 1);
    assert.deepEqual(
      summary.issues.map((issue) => issue.code),
      ['NOT_AUDIO'],
    );
    assert.equal(queries.stats().tracks, 0);
    db.close();
  });

  test('missing tags fall back to the file name and unknown artist and album', async () => {
    const { db, importer, queries } = openLibrary('untagged');
    const folder = join(workDir, 'untagged');
    await mkdir(folder);
    // A WAV written by hand carries no INFO chunk at all.
    await writeFile(join(folder, 'my_field_recording.wav'), minimalWav(22_050));
    const summary = await importer.importFolder(folder);
    assert.equal(summary.added, 1);
    const [track] = allTracks(queries);
    assert.equal(track?.title, 'my field recording');
    assert.equal(track?.artist, 'Unknown Artist');
    assert.equal(track?.album, 'Unknown Album');
    assert.equal(track?.durationMs, 1000);
    db.close();
  });

  test('symlink loops are walked once and dangling links are reported, not fatal', async () => {
    const { db, importer } = openLibrary('links');
    const folder = join(workDir, 'links');
    await mkdir(join(folder, 'inner'), { recursive: true });
    await copyFile(fixtures.tracks[0]!.path, join(folder, 'inner', 'song.wav'));
    await symlink(folder, join(folder, 'inner', 'loop'));
    await symlink(join(folder, 'nowhere.mp3'), join(folder, 'dangling.mp3'));
    const summary = await importer.importFolder(folder);
    assert.equal(summary.added, 1);
    assert.deepEqual(
      summary.issues.map((issue) => [issue.path, issue.code]),
      [['dangling.mp3', 'UNREADABLE']],
    );
    db.close();
  });

  test('the bytes pick the parser: a FLAC named .mp3 imports as FLAC', async () => {
    const { db, importer, queries } = openLibrary('misnamed');
    const folder = join(workDir, 'misnamed');
    await mkdir(folder);
    const flac = fixtures.tracks.find((track) => track.format === 'flac')!;
    await copyFile(flac.path, join(folder, 'actually-flac.mp3'));
    const summary = await importer.importFolder(folder);
    assert.deepEqual(summary.issues, []);
    const [track] = allTracks(queries);
    assert.deepEqual([track?.title, track?.mime], [flac.title, 'audio/flac']);
    db.close();
  });

  test('non-audio files whose names do not claim audio are skipped quietly', async () => {
    const { db, importer } = openLibrary('quiet');
    const folder = join(workDir, 'quiet');
    await mkdir(folder);
    await writeFile(join(folder, 'notes.txt'), 'liner notes');
    await writeFile(join(folder, 'empty.ogg'), '');
    await appendFile(join(folder, 'cover.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const summary = await importer.importFolder(folder);
    assert.deepEqual(summary.issues, [
      { path: 'empty.ogg', code: 'NOT_AUDIO', reason: 'This file is empty: it holds no audio.' },
    ]);
    db.close();
  });
});

describe('refusing what cannot be imported', () => {
  test('a missing folder, a file and a concurrent import are refused with typed errors', async () => {
    const { db, importer } = openLibrary('refusals');
    await assert.rejects(importer.importFolder(join(workDir, 'does-not-exist')), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'FOLDER_NOT_FOUND');
      assert.match(error.message, /does not exist/);
      return true;
    });
    await assert.rejects(importer.importFolder(fixtures.tracks[0]!.path), { code: 'NOT_A_FOLDER' });

    const running = importer.importFolder(fixtures.dir);
    await assert.rejects(importer.importFolder(fixtures.dir), { code: 'IMPORT_RUNNING' });
    await running;
    // Once finished, importing is allowed again.
    const again = await importer.importFolder(fixtures.dir);
    assert.equal(again.unchanged, fixtures.tracks.length);
    db.close();
  });

  test('an aborted import stops, keeps what it saved and removes nothing', async () => {
    const { db, importer, queries } = openLibrary('aborted');
    await importer.importFolder(fixtures.dir);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(importer.importFolder(join(workDir, 'music'), { signal: controller.signal }), {
      name: 'AbortError',
    });
    assert.equal(queries.stats().tracks, fixtures.tracks.length);
    db.close();
  });
});

/** One second of silence as 8-bit mono PCM, with no tags at all. */
function minimalWav(sampleRate: number): Buffer {
  const data = Buffer.alloc(sampleRate, 0x80);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
