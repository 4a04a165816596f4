import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppBackend } from '../../core/api/appBackend';
import { openBackend } from '../../core/app/openBackend';
import { flacCommentBomb, id3FrameBomb, mp4ItemBomb } from '../../core/library/testSupport/tagBombs';
import { writeTone } from '../../testkit/audioFixtures';
import type { HeadlessHost } from './headlessHost';
import { startHeadlessHost } from './headlessHost';

const MIB = 1024 * 1024;
const token = 'bomb-test-token-0123456789';
let dir: string;
let backend: AppBackend;
let host: HeadlessHost;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-bomb-serve-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Busker</title>');
  backend = openBackend({ dataDir: join(dir, 'data'), host: 'headless', watchFolders: true });
  host = await startHeadlessHost({ backend, rendererDir, token });
});

after(async () => {
  await host.close();
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

/** GET / as a signed-in browser, timed; it must answer the page. */
async function timedPage(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${host.port}/`, {
    headers: { Cookie: `busker_session=${token}` },
    signal: AbortSignal.timeout(5_000),
  });
  assert.equal(response.status, 200);
  await response.text();
  return performance.now() - started;
}

test('GET / answers within 1 s while tag bombs are imported, by hand and by the folder watcher', async (t) => {
  const folder = join(dir, 'music');
  await mkdir(folder);
  for (const kind of ['flac', 'mp3', 'm4a']) await writeTone(join(dir, `good.${kind}`), `Good ${kind}`);
  const good = {
    flac: await readFile(join(dir, 'good.flac')),
    mp3: await readFile(join(dir, 'good.mp3')),
    m4a: await readFile(join(dir, 'good.m4a')),
  };
  for (const kind of ['flac', 'mp3', 'm4a'] as const)
    await writeFile(join(folder, `good.${kind}`), good[kind]);
  await writeFile(join(folder, 'comments.flac'), flacCommentBomb(good.flac, 16 * MIB - 1));
  await writeFile(join(folder, 'frames.mp3'), id3FrameBomb(good.mp3, 16 * MIB));
  await writeFile(join(folder, 'items.m4a'), mp4ItemBomb(good.m4a, 16 * MIB));
  // Under the caps (10,000 items) but a second or more of parsing: the tag thread's work.
  await writeFile(join(folder, 'busy.m4a'), mp4ItemBomb(good.m4a, 10_000 * 25));

  const latencies: number[] = [];
  let importing = true;
  const poller = (async () => {
    while (importing) {
      latencies.push(await timedPage());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const summary = await backend.api.importFolder(folder).finally(() => (importing = false));
  await poller;

  assert.equal(summary.added, 4);
  assert.deepEqual(summary.issues.map((issue) => issue.path).sort(), [
    'comments.flac',
    'frames.mp3',
    'items.m4a',
  ]);
  assert.ok(latencies.length >= 5, `only ${latencies.length} requests were made during the import`);
  const slowest = Math.max(...latencies);
  t.diagnostic(
    `${latencies.length} GET / during a ${summary.durationMs} ms import, slowest ${Math.round(slowest)} ms`,
  );
  assert.ok(slowest < 1_000, `GET / took ${Math.round(slowest)} ms during the import`);

  // The watcher imports a bomb dropped into the folder on its own; requests still answer.
  const watched: number[] = [];
  const done = new Promise<void>((resolve) => {
    const unsubscribe = backend.onEvent((event) => {
      if (event.name === 'onDidImportProgress' && event.payload.phase === 'done') {
        unsubscribe();
        resolve();
      }
    });
  });
  // Its import reads frames.mp3 again too (refused files are not remembered): the deadline again.
  await writeFile(join(folder, 'dropped.flac'), flacCommentBomb(good.flac, 16 * MIB - 1));
  let watching = true;
  void done.then(() => (watching = false));
  const deadline = performance.now() + 30_000;
  while (watching && performance.now() < deadline) {
    watched.push(await timedPage());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(watching, false, 'the watcher did not import the dropped file within 30 s');
  const slowestWatched = Math.max(...watched);
  t.diagnostic(
    `${watched.length} GET / while the watcher imported, slowest ${Math.round(slowestWatched)} ms`,
  );
  assert.ok(slowestWatched < 1_000, `GET / took ${Math.round(slowestWatched)} ms while the watcher imported`);
});
