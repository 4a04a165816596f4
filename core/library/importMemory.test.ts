import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runTool, writeTone } from '../../testkit/audioFixtures';
import { openLibraryDatabase } from './database';
import { LibraryImporter } from './libraryImporter';
import { CountingTagThreads } from './testSupport/countingTagThreads';
import { flacCommentBomb } from './testSupport/tagBombs';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

let workDir: string;
const threads = new CountingTagThreads();

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-import-memory-'));
});

after(async () => {
  await threads.close();
  await rm(workDir, { recursive: true, force: true });
});

function openLibrary(name: string) {
  const db = openLibraryDatabase(join(workDir, `${name}.sqlite`));
  const repo = new TrackRepo(db);
  const importer = new LibraryImporter(repo, {
    concurrency: 4,
    batchSize: 10,
    progressIntervalMs: 0,
    tagThreads: threads,
  });
  return { db, repo, importer, queries: new TrackQueries(db) };
}

describe('a folder image is remembered by its size and time', () => {
  test('an unchanged one is not read again; a touched one is', async () => {
    const folder = join(workDir, 'album');
    await mkdir(folder);
    await writeTone(join(folder, 'One.wav'), 'One', 330);
    await writeTone(join(folder, 'Two.wav'), 'Two', 440);
    const image = join(folder, 'cover.png');
    await runTool('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-f', 'lavfi', '-i', 'color=c=red:s=32x32', '-frames:v', '1', image],
    ]);
    const first = await readFile(image);
    // The same size and first bytes (still a PNG), other bytes: another picture to Busker.
    const second = Buffer.from(first);
    second[second.length - 5] = (second[second.length - 5] as number) ^ 0xff;
    const { db, repo, importer, queries } = openLibrary('images');
    const coverBytes = () =>
      queries
        .listTracks({ offset: 0, limit: 10 })
        .tracks.map((track) => (track.coverId === null ? null : queries.coverImage(track.coverId)?.data))
        .map((bytes) => (bytes ? Buffer.from(bytes) : null));
    try {
      await importer.importFolder(folder);
      assert.deepEqual(coverBytes(), [first, first]);
      assert.equal(repo.importMemory.folderImage(folder)?.image?.name, 'cover.png');

      // Rewritten in place, its size and time put back: trusted as unchanged, so not read.
      // (Half a millisecond in: seconds as a float must not round into the one before.)
      const { mtimeMs } = await stat(image);
      const sameTime = (Math.trunc(mtimeMs) + 0.5) / 1000;
      await writeFile(image, second);
      await utimes(image, sameTime, sameTime);
      const again = await importer.importFolder(folder);
      assert.equal(again.unchanged, 2);
      assert.deepEqual(coverBytes(), [first, first], 'the unchanged image was read again');

      // Touched: read again, and the songs show the new picture.
      const later = sameTime + 60;
      await utimes(image, later, later);
      await importer.importFolder(folder);
      assert.deepEqual(coverBytes(), [second, second], 'the touched image was not read again');
      assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 1, 'the old picture is gone');

      // Removed: the folder's time changes, so the songs lose the picture.
      await rm(image);
      await importer.importFolder(folder);
      assert.deepEqual(coverBytes(), [null, null]);
      assert.equal(repo.importMemory.folderImage(folder)?.image, null);
    } finally {
      db.close();
    }
  });
});

describe('a file refused for its tags is remembered by its size and time', () => {
  test('an unchanged one is refused again unread; a changed one is read again', async () => {
    const folder = join(workDir, 'bombs');
    await mkdir(folder);
    const good = join(workDir, 'good.flac');
    await writeTone(good, 'Good', 300);
    const goodBytes = await readFile(good);
    const bomb = join(folder, 'bomb.flac');
    await writeFile(bomb, flacCommentBomb(goodBytes, 16 * 1024 * 1024 + 1024));
    await writeFile(join(folder, 'good.flac'), goodBytes);
    const { db, repo, importer } = openLibrary('refusals');
    const readsOf = (path: string) => threads.reads.filter((read) => read === path).length;
    try {
      const first = await importer.importFolder(folder);
      assert.equal(first.added, 1);
      assert.deepEqual(
        first.issues.map((issue) => [issue.path, issue.code]),
        [['bomb.flac', 'TAGS_TOO_LARGE']],
      );
      assert.equal(readsOf(bomb), 1);

      const again = await importer.importFolder(folder);
      assert.deepEqual(again.issues, first.issues, 'the same issue, in the same words');
      assert.equal(readsOf(bomb), 1, 'the unchanged refused file was read again');

      // Changed (still a bomb): read again, and refused again.
      await appendFile(bomb, Buffer.alloc(16));
      const grown = await importer.importFolder(folder);
      assert.deepEqual(
        grown.issues.map((issue) => issue.code),
        ['TAGS_TOO_LARGE'],
      );
      assert.equal(readsOf(bomb), 2, 'the changed refused file was not read again');

      // Mended: read again, imported, and forgotten as a refusal.
      await writeFile(bomb, goodBytes);
      const mended = await importer.importFolder(folder);
      assert.deepEqual(mended.issues, []);
      assert.equal(mended.added, 1);
      assert.equal(readsOf(bomb), 3);
      assert.equal(repo.importMemory.refusalsUnder(`${folder}/`).size, 0);
    } finally {
      db.close();
    }
  });

  test('a refusal is forgotten when its file is gone, and a not-audio file is not remembered', async () => {
    const folder = join(workDir, 'gone');
    await mkdir(folder);
    await writeFile(join(folder, 'bomb.flac'), flacCommentBomb(await readFile(join(workDir, 'good.flac'))));
    await writeFile(join(folder, 'notes.mp3'), 'plain text, not a song');
    const { db, repo, importer } = openLibrary('gone');
    try {
      const first = await importer.importFolder(folder);
      assert.deepEqual(first.issues.map((issue) => issue.code).sort(), ['NOT_AUDIO', 'TAGS_TOO_LARGE']);
      assert.deepEqual(
        [...repo.importMemory.refusalsUnder(`${folder}/`).keys()],
        [join(folder, 'bomb.flac')],
      );
      await rm(join(folder, 'bomb.flac'));
      const after = await importer.importFolder(folder);
      assert.deepEqual(
        after.issues.map((issue) => issue.code),
        ['NOT_AUDIO'],
      );
      assert.equal(repo.importMemory.refusalsUnder(`${folder}/`).size, 0);
    } finally {
      db.close();
    }
  });
});
