import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppEvent } from '../api/appBackend';
import { makeAudioFixtures } from '../../e2e/support/audioFixtures';
import type { AudioFixtures } from '../../e2e/support/audioFixtures';
import { openBackend } from './openBackend';

let workDir: string;
let fixtures: AudioFixtures;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-backend-'));
  fixtures = await makeAudioFixtures(join(workDir, 'music'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('a backend imports a folder, serves its tracks and covers, and reports events', async () => {
  const dataDir = join(workDir, 'data', 'nested');
  const backend = openBackend({ dataDir, host: 'headless' });
  const events: AppEvent[] = [];
  const unsubscribe = backend.onEvent((event) => events.push(event));
  try {
    assert.deepEqual(await backend.api.capabilities(), { host: 'headless', folderPicker: false });
    assert.equal(await backend.api.pickFolder(), null);
    assert.deepEqual(await backend.api.libraryStats(), { tracks: 0, albums: 0, artists: 0 });
    assert.ok((await stat(join(dataDir, 'library.sqlite'))).isFile());

    const summary = await backend.api.importFolder(fixtures.dir);
    assert.equal(summary.added, fixtures.tracks.length);
    assert.equal(summary.issues.length, fixtures.broken.length);

    const progress = events.filter((event) => event.name === 'onDidImportProgress');
    assert.ok(progress.length >= 2);
    assert.equal(progress.at(-1)?.payload.phase, 'done');
    const changed = events.at(-1);
    assert.equal(changed?.name, 'onDidChangeLibrary');
    assert.deepEqual(changed?.payload, await backend.api.libraryStats());

    const found = await backend.api.listTracks({ text: 'beyon', offset: 0, limit: 10 });
    assert.deepEqual(found.tracks.map((track) => track.title).sort(), ['Crazy Tone', 'Halo Tone']);

    const flac = fixtures.tracks.find((track) => track.format === 'flac')!;
    const halo = found.tracks.find((track) => track.title === flac.title)!;
    const file = backend.media.trackFile(halo.id);
    assert.deepEqual(file, { path: flac.path, mime: 'audio/flac', size: (await stat(flac.path)).size });
    assert.ok(halo.coverId !== null);
    const cover = backend.media.coverImage(halo.coverId);
    assert.equal(cover?.mime, 'image/png');
    assert.deepEqual(Buffer.from(cover!.data), await readFile(fixtures.coverPng));

    const albums = await backend.api.listAlbums();
    const sineSongs = albums.find((album) => album.title === 'Sine Songs');
    assert.deepEqual(
      [sineSongs?.artist, sineSongs?.trackCount, sineSongs?.coverId],
      ['Beyoncé', 2, halo.coverId],
    );
    const ids = await backend.api.listTrackIds({ albumId: sineSongs!.id });
    assert.deepEqual(
      (await backend.api.getTracks(ids)).map((track) => track.trackNumber),
      [2, 5],
    );
    assert.ok((await backend.api.listArtists()).some((artist) => artist.name === 'Кино'));

    await assert.rejects(backend.api.importFolder(join(workDir, 'nope')), { code: 'FOLDER_NOT_FOUND' });
  } finally {
    unsubscribe();
    backend.close();
  }
});

test('a reopened backend keeps its library, and pickFolder uses the host dialog', async () => {
  const dataDir = join(workDir, 'reopen');
  const first = openBackend({ dataDir, host: 'headless' });
  await first.api.importFolder(fixtures.dir);
  first.close();

  const second = openBackend({ dataDir, host: 'electron', pickFolder: async () => '/picked' });
  try {
    assert.deepEqual(await second.api.capabilities(), { host: 'electron', folderPicker: true });
    assert.equal(await second.api.pickFolder(), '/picked');
    assert.equal((await second.api.libraryStats()).tracks, fixtures.tracks.length);
    const events: AppEvent[] = [];
    const unsubscribe = second.onEvent((event) => events.push(event));
    unsubscribe();
    const again = await second.api.importFolder(fixtures.dir);
    assert.equal(again.unchanged, fixtures.tracks.length);
    assert.deepEqual(events, [], 'an unsubscribed listener hears nothing');
  } finally {
    second.close();
  }
});
