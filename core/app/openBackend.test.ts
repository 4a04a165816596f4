import assert from 'node:assert/strict';
import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppEvent } from '../api/appBackend';
import { makeAudioFixtures } from '../../testkit/audioFixtures';
import type { AudioFixtures } from '../../testkit/audioFixtures';
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
    assert.deepEqual(await backend.api.capabilities(), {
      host: 'headless',
      folderPicker: false,
      market: false,
      desktopShell: false,
    });
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
    assert.deepEqual(await second.api.capabilities(), {
      host: 'electron',
      folderPicker: true,
      market: false,
      desktopShell: false,
    });
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

test('imported folders are listed once, and removing one forgets its songs but keeps the files', async () => {
  const backend = openBackend({ dataDir: join(workDir, 'folders'), host: 'headless' });
  const root = await realpath(fixtures.dir);
  try {
    assert.deepEqual(await backend.api.listFolders(), []);
    // A subfolder first, then its parent: the parent takes its place.
    await backend.api.importFolder(join(fixtures.dir, 'Japanese'));
    const [sub] = await backend.api.listFolders();
    assert.deepEqual([sub?.path, sub?.trackCount], [join(root, 'Japanese'), 1]);
    assert.ok(typeof sub?.lastImportAt === 'number' && sub.lastImportAt <= Date.now());

    await backend.api.importFolder(`${fixtures.dir}/./`);
    await backend.api.importFolder(join(fixtures.dir, 'Russian'));
    const folders = await backend.api.listFolders();
    assert.deepEqual(
      folders.map((folder) => [folder.path, folder.trackCount]),
      [[root, fixtures.tracks.length]],
    );
    assert.ok(folders[0]!.lastImportAt! >= sub!.lastImportAt!);

    const coverIds = (await backend.api.listTracks({ offset: 0, limit: 100 })).tracks.flatMap(
      (track) => track.coverId ?? [],
    );
    assert.ok(coverIds.length > 0);
    const events: AppEvent[] = [];
    const unsubscribe = backend.onEvent((event) => events.push(event));
    await backend.api.removeFolder(root);
    unsubscribe();
    assert.deepEqual(events, [{ name: 'onDidChangeLibrary', payload: { tracks: 0, albums: 0, artists: 0 } }]);
    assert.deepEqual(await backend.api.listFolders(), []);
    assert.deepEqual(await backend.api.listAlbums(), []);
    assert.deepEqual(await backend.api.listArtists(), []);
    assert.ok(
      coverIds.every((id) => backend.media.coverImage(id) === null),
      'orphan covers are deleted',
    );
    for (const track of fixtures.tracks) assert.ok((await stat(track.path)).isFile(), `${track.path} stays`);

    await assert.rejects(backend.api.removeFolder(root), { code: 'NOT_FOUND' });
  } finally {
    backend.close();
  }
});

test('removing one folder keeps the songs of another', async () => {
  const backend = openBackend({ dataDir: join(workDir, 'two-folders'), host: 'headless' });
  const root = await realpath(fixtures.dir);
  try {
    await backend.api.importFolder(join(root, 'Japanese'));
    await backend.api.importFolder(join(root, 'Russian'));
    assert.deepEqual(
      (await backend.api.listFolders()).map((folder) => folder.path),
      [join(root, 'Japanese'), join(root, 'Russian')],
    );
    await backend.api.removeFolder(join(root, 'Japanese'));
    const russian = fixtures.tracks.find((track) => track.relativePath.startsWith('Russian/'))!;
    const left = await backend.api.listTracks({ offset: 0, limit: 10 });
    assert.deepEqual(
      left.tracks.map((track) => track.title),
      [russian.title],
    );
    assert.deepEqual(
      (await backend.api.listArtists()).map((artist) => artist.name),
      [russian.artist],
    );
  } finally {
    backend.close();
  }
});
