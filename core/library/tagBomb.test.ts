import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openLibraryDatabase } from './database';
import { LibraryImporter } from './libraryImporter';
import { TagThreads, defaultTagThreadSettings } from './tagThreads';
import { flacCommentBomb, id3FrameBomb, mp4ItemBomb, oggCommentCountLie } from './testSupport/tagBombs';
import { writeTone } from '../../testkit/audioFixtures';
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
    // 1.2 million ID3v2 frames, just under the byte cap: the frame walk stops at the count cap.
    assert.equal(issues['frames.mp3']?.code, 'TAGS_TOO_LARGE');
    assert.match(issues['frames.mp3']?.reason ?? '', /more than 10,000 entries/);
    // The MP4 tag area is just over the byte cap.
    assert.equal(issues['items.m4a']?.code, 'TAGS_TOO_LARGE');
    assert.match(issues['items.m4a']?.reason ?? '', /16\.1 MiB, more than the 16 MiB Busker reads/);
    assert.equal(summary.issues.length, 3);
    assert.ok(elapsedMs < 30_000, `the import took ${Math.round(elapsedMs)} ms`);
    assert.ok(peakRss < 512 * MIB, `the process reached ${Math.round(peakRss / MIB)} MiB`);
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

describe('the caps count what the formats state', () => {
  test('an ID3v2 tag and an MP4 item list of 10,001 tiny entries are refused; 10,000 import', async () => {
    const folder = join(workDir, 'counts');
    await mkdir(folder);
    // A TXXX frame is 14 bytes; an MP4 item is 25.
    await writeFile(join(folder, 'id3-at-cap.mp3'), id3FrameBomb(good.mp3, 10_000 * 14));
    await writeFile(join(folder, 'id3-over-cap.mp3'), id3FrameBomb(good.mp3, 10_001 * 14));
    await writeFile(join(folder, 'mp4-at-cap.m4a'), mp4ItemBomb(good.m4a, 10_000 * 25));
    await writeFile(join(folder, 'mp4-over-cap.m4a'), mp4ItemBomb(good.m4a, 10_001 * 25));

    // The caps are under test, not the deadline: 10,000 entries take a second or two to parse,
    // more on a loaded machine.
    const threads = new TagThreads({ ...defaultTagThreadSettings, deadlineMs: 60_000 });
    const { summary, titles } = await importMeasured('counts', folder, threads).finally(() =>
      threads.close(),
    );

    // The bomb replaces the MP3's own tag, so its title comes from the file name.
    assert.deepEqual(titles, ['Good m4a', 'id3-at-cap']);
    assert.deepEqual(
      summary.issues.map((issue) => [issue.path, issue.code]),
      [
        ['id3-over-cap.mp3', 'TAGS_TOO_LARGE'],
        ['mp4-over-cap.m4a', 'TAGS_TOO_LARGE'],
      ],
    );
  });
});
