/**
 * The desktop app's shell verbs through main's IPC, against the recording stand-in for
 * `electron`: "Show in folder" resolves a library track's id to its path in main (the page sends
 * the id only) and refuses an unknown one; saving a playlist writes where the save dialog says,
 * with paths relative to that folder.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LIBRARY_FILE_NAME, openLibraryDatabase } from '../core/library/database';
import { TrackRepo } from '../core/library/trackRepo';
import type * as FakeElectron from './testSupport/fakeElectron';

type Fake = typeof FakeElectron;
type Reply = { result?: unknown; error?: { code: string; message: string } };

const fakeUrl = pathToFileURL(join(import.meta.dirname, 'testSupport', 'fakeElectron.ts')).href;
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}`)}`,
);

let fake: Fake;
let dataDir: string;
let songPath: string;
let songId: number;
let call: (method: string, ...args: unknown[]) => Promise<Reply>;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'busker-desktop-shell-'));
  songPath = join(dataDir, 'music', 'Nina Simone', '#1 Sinnerman.flac');
  await mkdir(join(dataDir, 'music', 'Nina Simone'), { recursive: true });
  await writeFile(songPath, 'x');
  const db = openLibraryDatabase(join(dataDir, LIBRARY_FILE_NAME));
  new TrackRepo(db).saveTracks([
    {
      path: songPath,
      size: 1,
      mtimeMs: 1,
      title: 'Sinnerman',
      artist: 'Nina Simone',
      albumArtist: 'Nina Simone',
      album: 'Pastel Blues',
      trackNumber: 1,
      discNumber: null,
      year: 1965,
      durationMs: 600_000,
      mime: 'audio/flac',
      sniffedType: 'flac',
      cover: null,
      replacesId: null,
    },
  ]);
  songId = (db.prepare('SELECT id FROM tracks').get() as { id: number }).id;
  db.close();

  process.env.BUSKER_DATA_DIR = dataDir;
  fake = (await import('electron')) as unknown as Fake;
  await import('./main');
  fake.emitReady();
  const window = await fake.windowShown;
  const trusted = { sender: window.webContents, senderFrame: window.mainFrame };
  call = async (method, ...args) =>
    (await fake.recorded.ipcHandlers.get(`app:${method}`)!(trusted, ...args)) as Reply;
});

after(async () => {
  if (fake) {
    fake.app.emit('will-quit', { preventDefault() {} });
    while (!fake.recorded.log.includes('exit 0')) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await rm(dataDir, { recursive: true, force: true });
});

test('the desktop app says it has the shell verbs', async () => {
  const reply = await call('capabilities');
  assert.equal((reply.result as { desktopShell: boolean }).desktopShell, true);
});

test('Show in folder: main looks the id up and shows that track’s file', async () => {
  assert.deepEqual(await call('showTrackInFolder', songId), { result: undefined });
  assert.deepEqual(fake.recorded.shownInFolder, [songPath]);
});

test('Show in folder refuses an unknown id and anything that is not an id, showing nothing', async () => {
  const unknown = await call('showTrackInFolder', songId + 1000);
  assert.equal(unknown.error?.code, 'NOT_FOUND');
  assert.match(unknown.error!.message, /no longer in your library/);
  for (const wrong of [songPath, -1, 1.5, null, { id: songId }]) {
    assert.equal((await call('showTrackInFolder', wrong)).error?.code, 'BAD_REQUEST', String(wrong));
  }
  assert.deepEqual(fake.recorded.shownInFolder, [songPath]);
});

test('saving a playlist writes where the dialog says, relative to that folder; Cancel writes nothing', async () => {
  const created = await call('createPlaylist', 'Evening', [songId]);
  const id = (created.result as { id: number }).id;
  fake.recorded.nextSavePath = null;
  assert.deepEqual(await call('savePlaylistFile', id), { result: null });

  const target = join(dataDir, 'music', 'Lists', 'Evening.m3u8');
  await mkdir(join(dataDir, 'music', 'Lists'));
  fake.recorded.nextSavePath = target;
  assert.deepEqual(await call('savePlaylistFile', id), { result: target });
  const text = await readFile(target, 'utf8');
  assert.match(text, /^#EXTINF:600,Nina Simone - Sinnerman\n\.\.\/Nina Simone\/#1 Sinnerman\.flac$/m);

  // Importing it back from where it lies finds the song through the relative line.
  const back = await call('importPlaylist', 'Evening.m3u8', text, target);
  assert.deepEqual((back.result as { issues: unknown[] }).issues, []);
  assert.equal((back.result as { playlist: { trackCount: number } }).playlist.trackCount, 1);
  const unknownFolder = await call('importPlaylist', 'Evening.m3u8', text, null);
  assert.equal((unknownFolder.result as { issues: { code: string }[] }).issues[0]?.code, 'MISSING');
});
