import assert from 'node:assert/strict';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LibraryStats } from '../api/appApi';
import type { AppBackend } from '../api/appBackend';
import { openBackend } from '../app/openBackend';
import { makeAudioFixtures, runTool } from '../../testkit/audioFixtures';
import type { AudioFixture, AudioFixtures } from '../../testkit/audioFixtures';
import type { WatchProblem } from './folderWatcher';

// Generous: the watcher waits a second of quiet, then imports.
const eventTimeoutMs = 30_000;

let workDir: string;
let fixtures: AudioFixtures;
let flac: AudioFixture;
let wav: AudioFixture;

before(async () => {
  workDir = await realpath(await mkdtemp(join(tmpdir(), 'busker-watch-')));
  fixtures = await makeAudioFixtures(join(workDir, 'fixtures'));
  flac = fixtures.tracks.find((track) => track.format === 'flac')!;
  wav = fixtures.tracks.find((track) => track.format === 'wav')!;
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Resolves with the first `onDidChangeLibrary` whose stats pass `wanted`. */
function libraryChange(backend: AppBackend, wanted: (stats: LibraryStats) => boolean): Promise<LibraryStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching onDidChangeLibrary within ${eventTimeoutMs} ms`));
    }, eventTimeoutMs);
    const stop = backend.onEvent((event) => {
      if (event.name === 'onDidChangeLibrary' && wanted(event.payload)) {
        clearTimeout(timer);
        stop();
        resolve(event.payload);
      }
    });
  });
}

function watchProblem(problems: WatchProblem[]): {
  onWatchProblem: (problem: WatchProblem) => void;
  next: Promise<WatchProblem>;
} {
  let resolveNext: (problem: WatchProblem) => void = () => {};
  const next = new Promise<WatchProblem>((resolve, reject) => {
    resolveNext = resolve;
    setTimeout(
      () => reject(new Error(`no watch problem within ${eventTimeoutMs} ms`)),
      eventTimeoutMs,
    ).unref();
  });
  return {
    onWatchProblem: (problem) => {
      problems.push(problem);
      resolveNext(problem);
    },
    next,
  };
}

async function folderWith(name: string, files: AudioFixture[]): Promise<string> {
  const folder = join(workDir, name);
  await mkdir(join(folder, 'inner'), { recursive: true });
  for (const file of files) await copyFile(file.path, join(folder, 'inner', `${file.title}.${file.format}`));
  return folder;
}

async function titles(backend: AppBackend): Promise<string[]> {
  const page = await backend.api.listTracks({ offset: 0, limit: 100 });
  return page.tracks.map((track) => track.title).sort();
}

test('a file added to a watched folder joins the library, a deleted one leaves it', async () => {
  const folder = await folderWith('added-and-deleted', [wav]);
  const problems: WatchProblem[] = [];
  const backend = openBackend({
    dataDir: join(workDir, 'data-added'),
    host: 'headless',
    watchFolders: true,
    onWatchProblem: (problem) => problems.push(problem),
  });
  try {
    await backend.api.importFolder(folder);
    assert.deepEqual(await titles(backend), [wav.title]);

    const gained = libraryChange(backend, (stats) => stats.tracks === 2);
    // Into a subfolder created after watching began: the watch covers the whole tree.
    await mkdir(join(folder, 'inner', 'new'));
    const added = join(folder, 'inner', 'new', 'copied.flac');
    await copyFile(flac.path, added);
    await gained;
    assert.deepEqual(await titles(backend), [flac.title, wav.title].sort());
    const [listed] = await backend.api.listFolders();
    assert.equal(listed?.trackCount, 2);

    const lost = libraryChange(backend, (stats) => stats.tracks === 1);
    await unlink(added);
    await lost;
    assert.deepEqual(await titles(backend), [wav.title]);
    assert.deepEqual(problems, []);
  } finally {
    backend.close();
  }
});

test('songs added and changed while Busker starts, before their folder is watched, are imported', async () => {
  const folder = await folderWith('while-starting', [wav]);
  const mp3 = fixtures.tracks.find((track) => track.format === 'mp3')!;
  const dataDir = join(workDir, 'data-while-starting');
  const first = openBackend({ dataDir, host: 'headless' });
  await first.api.importFolder(folder);
  first.close();
  // Well before the start, even by the kernel's coarse file clock.
  await new Promise((resolve) => setTimeout(resolve, 100));

  let hostStarted = () => {};
  const watchAfter = new Promise<void>((resolve) => (hostStarted = resolve));
  const backend = openBackend({ dataDir, host: 'headless', watchFolders: true, watchAfter });
  try {
    // Before the folders are watched (the host is not up yet): a new song in a new folder, and
    // the old one rewritten in place.
    const gained = libraryChange(backend, (stats) => stats.tracks === 2);
    await mkdir(join(folder, 'inner', 'new'));
    await copyFile(flac.path, join(folder, 'inner', 'new', 'copied.flac'));
    await writeFile(join(folder, 'inner', `${wav.title}.wav`), await readFile(mp3.path));
    hostStarted();
    await gained;
    assert.deepEqual(await titles(backend), [flac.title, mp3.title].sort());
  } finally {
    backend.close();
  }
});

/** Polls `read` until `wanted` holds for its value (the watcher waits for quiet, then imports). */
async function until<T>(read: () => Promise<T>, wanted: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + eventTimeoutMs;
  for (;;) {
    const value = await read();
    if (wanted(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${eventTimeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a cover.jpg added, changed or removed later reaches the songs without art of their own', async () => {
  const withArt = fixtures.tracks.find((track) => track.hasCover)!;
  const folder = await folderWith('cover-later', [wav, withArt]);
  const backend = openBackend({ dataDir: join(workDir, 'data-cover'), host: 'headless', watchFolders: true });
  const covers = async () => {
    const { tracks } = await backend.api.listTracks({ offset: 0, limit: 10 });
    const of = (title: string) => tracks.find((track) => track.title === title)?.coverId ?? null;
    return { plain: of(wav.title), own: of(withArt.title) };
  };
  const makeImage = (path: string, color: string) =>
    runTool('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-f', 'lavfi', '-i', `color=c=${color}:s=24x24`, '-frames:v', '1', path],
    ]);
  try {
    await backend.api.importFolder(folder);
    const before = await covers();
    assert.equal(before.plain, null);
    assert.notEqual(before.own, null, 'the fixture carries its own picture');

    const image = join(folder, 'inner', 'cover.jpg');
    await makeImage(image, 'red');
    const added = await until(covers, (now) => now.plain !== null, 'the added cover.jpg is used');
    assert.equal(added.own, before.own, 'a song with its own picture keeps it');

    await makeImage(join(workDir, 'green.jpg'), 'green');
    await copyFile(join(workDir, 'green.jpg'), image);
    const changed = await until(covers, (now) => now.plain !== added.plain, 'the changed cover.jpg is used');
    assert.notEqual(changed.plain, null);
    assert.equal(changed.own, before.own);

    await unlink(image);
    const removed = await until(covers, (now) => now.plain === null, 'the removed cover.jpg is dropped');
    assert.equal(removed.own, before.own);
    const summary = await backend.api.importFolder(folder);
    assert.equal(summary.unchanged, 2, 'no song was read again');
  } finally {
    backend.close();
  }
});

test('close() stops watching: no file-system watch or timer is left open', async () => {
  const folder = await folderWith('closed', [wav]);
  const backend = openBackend({
    dataDir: join(workDir, 'data-closed'),
    host: 'headless',
    watchFolders: true,
  });
  await backend.api.importFolder(folder);
  const watching = () => process.getActiveResourcesInfo().filter((name) => name === 'FSEventWrap').length;
  assert.ok(watching() > 0, 'the folder is watched while the backend is open');
  // A change whose debounce timer is pending when the backend closes.
  await copyFile(flac.path, join(folder, 'late.flac'));
  backend.close();
  // Handles finish closing on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(watching(), 0);
});

test('a watched folder that disappears is reported and its songs stay', async () => {
  const folder = await folderWith('vanishing', [wav, flac]);
  const problems: WatchProblem[] = [];
  const { onWatchProblem, next } = watchProblem(problems);
  const backend = openBackend({
    dataDir: join(workDir, 'data-vanishing'),
    host: 'headless',
    watchFolders: true,
    onWatchProblem,
  });
  try {
    await backend.api.importFolder(folder);
    await rm(folder, { recursive: true });
    const problem = await next;
    assert.equal(problem.folder, folder);
    assert.match(problem.message, /is gone .*stay in the library/);
    assert.equal((await backend.api.libraryStats()).tracks, 2);
    assert.deepEqual(
      (await backend.api.listFolders()).map((known) => known.path),
      [folder],
    );
  } finally {
    backend.close();
  }
});

test('a library folder missing when Busker starts is reported, not a crash', async () => {
  const folder = await folderWith('missing-at-start', [wav]);
  const dataDir = join(workDir, 'data-missing');
  const first = openBackend({ dataDir, host: 'headless' });
  await first.api.importFolder(folder);
  first.close();
  await rm(folder, { recursive: true });

  const problems: WatchProblem[] = [];
  const backend = openBackend({
    dataDir,
    host: 'headless',
    watchFolders: true,
    onWatchProblem: (problem) => problems.push(problem),
  });
  try {
    assert.deepEqual(problems, [
      {
        folder,
        message: `Busker cannot watch "${folder}" for changes: the folder is gone. Its songs stay in the library.`,
      },
    ]);
    assert.equal((await backend.api.libraryStats()).tracks, 1);
    await assert.rejects(stat(folder), { code: 'ENOENT' });
  } finally {
    backend.close();
  }
});

/** The inotify watches this process holds (Linux: one inotify descriptor serves every watch). */
async function inotifyWatches(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (!target.includes('inotify')) continue;
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return count;
}

test('a library is watched one folder at a time, never file by file', async () => {
  const folder = join(workDir, 'many-files');
  for (const album of ['one', 'two']) {
    await mkdir(join(folder, album), { recursive: true });
    for (let index = 0; index < 10; index += 1) {
      await copyFile(wav.path, join(folder, album, `${album}-${index}.wav`));
    }
  }
  const before = await inotifyWatches();
  const backend = openBackend({ dataDir: join(workDir, 'data-many'), host: 'headless', watchFolders: true });
  try {
    await backend.api.importFolder(folder);
    // The folders under the root are walked in the background.
    const watching = await until(inotifyWatches, (count) => count - before >= 3, 'the three folders watched');
    assert.equal(watching - before, 3, 'the root and its two album folders, not their 20 files');
    // A folder removed stops being watched.
    const lost = libraryChange(backend, (stats) => stats.tracks === 10);
    await rm(join(folder, 'two'), { recursive: true });
    await lost;
    await until(inotifyWatches, (count) => count - before === 2, 'the removed folder unwatched');
  } finally {
    backend.close();
  }
});
