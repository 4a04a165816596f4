import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sniffFile } from './audioSniffer';
import { openLibraryDatabase } from './database';
import { LibraryImporter } from './libraryImporter';
import { MAX_TAG_BYTES } from './tagCaps';
import { TagThreads, defaultTagThreadSettings } from './tagThreads';
import { TrackReadError } from './tagReader';
import { flacCommentBomb, id3FrameBomb, mp4ItemBomb, oggCommentCountLie } from './testSupport/tagBombs';
import { writeTone } from './testSupport/toneFiles';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

const MIB = 1024 * 1024;
let workDir: string;
const good: Record<'flac' | 'mp3' | 'm4a' | 'ogg', Buffer> = {} as never;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-bomb-'));
  for (const [index, kind] of (['flac', 'mp3', 'm4a', 'ogg'] as const).entries()) {
    const path = join(workDir, `good.${kind}`);
    await writeTone(path, `Good ${kind}`, 300 + 100 * index);
    good[kind] = await readFile(path);
  }
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Imports `folder` while sampling this process's RSS (worker threads included: one process). */
async function importMeasured(name: string, folder: string, tagThreads?: TagThreads) {
  const db = openLibraryDatabase(join(workDir, `${name}.sqlite`));
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  try {
    const importer = new LibraryImporter(new TrackRepo(db), {
      concurrency: 8,
      batchSize: 100,
      progressIntervalMs: 0,
      ...(tagThreads ? { tagThreads } : {}),
    });
    const started = performance.now();
    const summary = await importer.importFolder(folder);
    const elapsedMs = performance.now() - started;
    const titles = new TrackQueries(db)
      .listTracks({ offset: 0, limit: 100 })
      .tracks.map((track) => track.title)
      .sort();
    return { summary, titles, elapsedMs, peakRss };
  } finally {
    clearInterval(sampler);
    db.close();
  }
}

async function folderWithGoodFiles(name: string): Promise<string> {
  const folder = join(workDir, name);
  await mkdir(folder);
  await writeFile(join(folder, 'good.flac'), good.flac);
  await writeFile(join(folder, 'good.mp3'), good.mp3);
  await writeFile(join(folder, 'good.m4a'), good.m4a);
  return folder;
}

describe('tag bombs beside good files', () => {
  test('16 MiB FLAC, ID3v2 and MP4 bombs are refused in words; the good files import, within 30 s and 512 MiB', async (t) => {
    const folder = await folderWithGoodFiles('bombs');
    await writeFile(join(folder, 'comments.flac'), flacCommentBomb(good.flac, 16 * MIB - 1));
    await writeFile(join(folder, 'frames.mp3'), id3FrameBomb(good.mp3, 16 * MIB));
    await writeFile(join(folder, 'items.m4a'), mp4ItemBomb(good.m4a, 16 * MIB));

    const { summary, titles, elapsedMs, peakRss } = await importMeasured('bombs', folder);
    t.diagnostic(`import ${Math.round(elapsedMs)} ms, peak RSS ${Math.round(peakRss / MIB)} MiB`);

    assert.deepEqual(titles, ['Good flac', 'Good m4a', 'Good mp3']);
    const issues = Object.fromEntries(summary.issues.map((issue) => [issue.path, issue]));
    // 2.4 million comments: over the count cap, refused before any parse.
    assert.equal(issues['comments.flac']?.code, 'TAGS_TOO_LARGE');
    assert.match(issues['comments.flac']?.reason ?? '', /2,396,\d{3} entries.*at most 10,000/);
    // The ID3v2 tag is just under the byte cap (1.2 million frames): the parse's deadline stops it.
    assert.equal(issues['frames.mp3']?.code, 'TOO_SLOW');
    assert.match(issues['frames.mp3']?.reason ?? '', /took too long/);
    // The MP4 tag area is just over the byte cap.
    assert.equal(issues['items.m4a']?.code, 'TAGS_TOO_LARGE');
    assert.match(issues['items.m4a']?.reason ?? '', /16\.1 MiB, more than the 16 MiB Busker reads/);
    assert.equal(summary.issues.length, 3);
    assert.ok(elapsedMs < 30_000, `the import took ${Math.round(elapsedMs)} ms`);
    assert.ok(peakRss < 512 * MIB, `the process reached ${Math.round(peakRss / MIB)} MiB`);
  });

  test('bombs just under the caps are stopped by the parse limits, and the files read beside them still import', async (t) => {
    const folder = await folderWithGoodFiles('under-caps');
    await writeFile(join(folder, 'frames.mp3'), id3FrameBomb(good.mp3, MAX_TAG_BYTES - MIB));
    await writeFile(join(folder, 'items.m4a'), mp4ItemBomb(good.m4a, MAX_TAG_BYTES - MIB));
    // Several files in flight on one thread when it is ended: each is tried again alone.
    const threads = new TagThreads({ ...defaultTagThreadSettings, threads: 1, deadlineMs: 2_000 });
    try {
      const { summary, titles, elapsedMs, peakRss } = await importMeasured('under-caps', folder, threads);
      t.diagnostic(`import ${Math.round(elapsedMs)} ms, peak RSS ${Math.round(peakRss / MIB)} MiB`);

      assert.deepEqual(titles, ['Good flac', 'Good m4a', 'Good mp3']);
      assert.deepEqual(
        summary.issues.map((issue) => issue.path),
        ['frames.mp3', 'items.m4a'],
      );
      for (const issue of summary.issues) assert.ok(['TOO_SLOW', 'TAGS_TOO_LARGE'].includes(issue.code));
      assert.ok(elapsedMs < 30_000, `the import took ${Math.round(elapsedMs)} ms`);
      assert.ok(peakRss < 512 * MIB, `the process reached ${Math.round(peakRss / MIB)} MiB`);
    } finally {
      await threads.close();
    }
  });

  test('without the caps, the thread alone stops the FLAC comment bomb and is replaced', async () => {
    const path = join(workDir, 'uncapped.flac');
    await writeFile(path, flacCommentBomb(good.flac, 16 * MIB - 1));
    const threads = new TagThreads({ ...defaultTagThreadSettings, threads: 1, deadlineMs: 3_000 });
    try {
      const started = performance.now();
      const failure = await readWithoutCaps(threads, path).then(
        () => null,
        (error: unknown) => error,
      );
      assert.ok(failure instanceof TrackReadError, `expected a refusal, got ${String(failure)}`);
      assert.ok(['TOO_SLOW', 'TAGS_TOO_LARGE'].includes(failure.code), failure.code);
      assert.ok(performance.now() - started < 15_000);

      // A new thread reads the next file.
      await writeFile(join(workDir, 'after.flac'), good.flac);
      const tags = await readWithoutCaps(threads, join(workDir, 'after.flac'));
      assert.equal(tags.title, 'Good flac');
    } finally {
      await threads.close();
    }
  });

  test('an Ogg comment header stating four billion comments is refused before parsing', async () => {
    const folder = join(workDir, 'ogg');
    await mkdir(folder);
    await writeFile(join(folder, 'good.ogg'), good.ogg);
    await writeFile(join(folder, 'lying.ogg'), oggCommentCountLie(good.ogg));

    const { summary, titles } = await importMeasured('ogg', folder);

    assert.deepEqual(titles, ['Good ogg']);
    assert.deepEqual(
      summary.issues.map((issue) => [issue.path, issue.code]),
      [['lying.ogg', 'TAGS_TOO_LARGE']],
    );
    assert.match(summary.issues[0]?.reason ?? '', /4,294,967,295 entries/);
  });
});

async function readWithoutCaps(threads: TagThreads, path: string) {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const { sniffed, head } = await sniffFile(handle, size);
    assert.ok(sniffed.audio);
    return await threads.read({ fd: handle.fd, path, size, sniffed, head });
  } finally {
    await handle.close();
  }
}
