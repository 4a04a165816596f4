// Its own file, so its own process: the RSS bound is about reading these files, not about what
// another test in the same process left on the heap.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TagThreads, defaultTagThreadSettings } from './tagThreads';
import { TrackReadError } from './tagReader';
import { flacCommentBomb, id3FrameBomb, mp4ItemBomb } from './testSupport/tagBombs';
import { writeTone } from '../../testkit/audioFixtures';

const MIB = 1024 * 1024;
let workDir: string;
const good: Record<'flac' | 'mp3' | 'm4a', Buffer> = {} as never;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-bomb-uncapped-'));
  for (const [index, kind] of (['flac', 'mp3', 'm4a'] as const).entries()) {
    const path = join(workDir, `good.${kind}`);
    await writeTone(path, `Good ${kind}`, 300 + 100 * index);
    good[kind] = await readFile(path);
  }
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function readWithoutCaps(threads: TagThreads, path: string) {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const read = await threads.read({ fd: handle.fd, path, size, checkCaps: false });
    assert.ok(read.audio);
    return read.tags;
  } finally {
    await handle.close();
  }
}

describe('tag bombs read without the caps', () => {
  test('without the caps, the thread limits stop each bomb, and the good files read beside them are not blamed', async (t) => {
    const folder = join(workDir, 'uncapped');
    await mkdir(folder);
    const files: Record<string, Buffer> = {
      'comments.flac': flacCommentBomb(good.flac, 16 * MIB - 1),
      'frames.mp3': id3FrameBomb(good.mp3, 16 * MIB),
      'items.m4a': mp4ItemBomb(good.m4a, 16 * MIB),
      'good.flac': good.flac,
      'good.mp3': good.mp3,
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(folder, name), bytes);
    // One thread holding all five at once: when it is ended, each is tried again alone.
    const threads = new TagThreads({ ...defaultTagThreadSettings, threads: 1, deadlineMs: 2_000 });
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    try {
      const started = performance.now();
      const outcomes = await Promise.all(
        Object.keys(files).map((name) =>
          readWithoutCaps(threads, join(folder, name)).then(
            (tags) => [name, tags.title] as const,
            (error: unknown) => [name, error instanceof TrackReadError ? error.code : String(error)] as const,
          ),
        ),
      );
      const elapsedMs = performance.now() - started;
      t.diagnostic(`read in ${Math.round(elapsedMs)} ms, peak RSS ${Math.round(peakRss / MIB)} MiB`);

      const byName = Object.fromEntries(outcomes);
      assert.equal(byName['good.flac'], 'Good flac');
      assert.equal(byName['good.mp3'], 'Good mp3');
      for (const bomb of ['comments.flac', 'frames.mp3', 'items.m4a']) {
        assert.ok(['TOO_SLOW', 'TAGS_TOO_LARGE'].includes(byName[bomb] ?? ''), `${bomb}: ${byName[bomb]}`);
      }
      assert.ok(elapsedMs < 30_000, `reading took ${Math.round(elapsedMs)} ms`);
      assert.ok(peakRss < 512 * MIB, `the process reached ${Math.round(peakRss / MIB)} MiB`);

      // A fresh thread reads the next file.
      assert.equal((await readWithoutCaps(threads, join(folder, 'good.flac'))).title, 'Good flac');
    } finally {
      clearInterval(sampler);
      await threads.close();
    }
  });
});
