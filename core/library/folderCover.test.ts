import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runTool, writeTone } from '../../testkit/audioFixtures';
import { MAX_COVER_BYTES } from './coverStore';
import { openLibraryDatabase } from './database';
import { FolderCoverCache, findFolderCover, folderImageRank } from './folderCover';
import { LibraryImporter } from './libraryImporter';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

let workDir: string;
let jpeg: Buffer;
let png: Buffer;

async function makeImage(path: string, color: string): Promise<Buffer> {
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=${color}:s=32x32`, '-frames:v', '1', path],
  ]);
  return readFile(path);
}

async function folderWith(name: string, files: Record<string, Buffer | string>): Promise<string> {
  const folder = join(workDir, name);
  await mkdir(folder, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(folder, file), bytes);
  return folder;
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-folder-cover-'));
  jpeg = await makeImage(join(workDir, 'source.jpg'), 'red');
  png = await makeImage(join(workDir, 'source.png'), 'blue');
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('choosing a folder image', () => {
  test('cover, then folder, then front.*, whatever the case of the name', () => {
    assert.ok(folderImageRank('Cover.JPG')! < folderImageRank('folder.png')!);
    assert.ok(folderImageRank('cover.png')! < folderImageRank('FOLDER.jpg')!);
    assert.ok(folderImageRank('folder.webp')! < folderImageRank('Front.gif')!);
    assert.equal(folderImageRank('back.jpg'), null);
    assert.equal(folderImageRank('cover.txt'), null);
  });

  test('the preferred image is read, sniffed by its bytes', async () => {
    const folder = await folderWith('preferred', { 'Front.png': png, 'folder.png': png, 'COVER.JPG': jpeg });
    const cover = await findFolderCover(folder);
    assert.equal(cover?.mime, 'image/jpeg');
    assert.deepEqual(Buffer.from(cover.bytes), jpeg);
  });

  test('a non-image or oversized cover.jpg is passed over for the next image', async () => {
    const huge = Buffer.alloc(MAX_COVER_BYTES + 1);
    jpeg.copy(huge);
    const folder = await folderWith('hostile', {
      'cover.jpg': 'not a picture at all',
      'cover.png': huge,
      'front.jpg': png,
    });
    const cover = await findFolderCover(folder);
    assert.equal(cover?.mime, 'image/png');
    assert.equal(await findFolderCover(await folderWith('only-text', { 'cover.jpg': '<svg/>' })), null);
  });

  test('a link leading out of the folder is not followed', async () => {
    const folder = await folderWith('linked', {});
    await symlink(join(workDir, 'source.jpg'), join(folder, 'cover.jpg'));
    assert.equal(await findFolderCover(folder), null);
    // A link to an image inside the same folder is fine.
    await writeFile(join(folder, 'scan.png'), png);
    await symlink(join(folder, 'scan.png'), join(folder, 'folder.png'));
    assert.equal((await findFolderCover(folder))?.mime, 'image/png');
  });

  test('a pipe named cover.jpg neither hangs nor fails the search', async () => {
    const folder = await folderWith('pipe', { 'front.png': png });
    await runTool('mkfifo', [join(folder, 'cover.jpg')]);
    assert.equal((await findFolderCover(folder))?.mime, 'image/png');
  });

  test('a missing folder has no image', async () => {
    assert.equal(await findFolderCover(join(workDir, 'nowhere')), null);
  });

  test('each folder is read once per import', async () => {
    const asked: string[] = [];
    const cache = new FolderCoverCache(async (folder) => {
      asked.push(folder);
      return { cover: null, state: null };
    });
    await Promise.all([cache.coverFor('/a/1.mp3'), cache.coverFor('/a/2.mp3'), cache.coverFor('/b/1.mp3')]);
    await cache.coverFor('/a/3.mp3');
    assert.deepEqual(asked, ['/a', '/b']);
  });
});

describe('importing a folder with a cover image', () => {
  test('tracks without embedded art use the folder image, stored once', async () => {
    const folder = await folderWith('album', { 'cover.jpg': jpeg });
    await writeTone(join(folder, '01 One.wav'), 'One', 330);
    await writeTone(join(folder, '02 Two.wav'), 'Two', 440);
    const plain = await folderWith('album/no-image', { 'cover.jpg': 'text, not an image' });
    await writeTone(join(plain, 'Three.wav'), 'Three', 550);

    const db = openLibraryDatabase(join(workDir, 'library.sqlite'));
    const importer = new LibraryImporter(new TrackRepo(db), {
      concurrency: 2,
      batchSize: 10,
      progressIntervalMs: 0,
    });
    const queries = new TrackQueries(db);
    const summary = await importer.importFolder(folder);
    assert.deepEqual(summary.issues, []);
    const tracks = queries.listTracks({ offset: 0, limit: 10 }).tracks;
    const coverOf = (title: string) => tracks.find((track) => track.title === title)?.coverId;
    assert.ok(coverOf('One') != null);
    assert.equal(coverOf('Two'), coverOf('One'));
    assert.equal(coverOf('Three'), null);
    const served = queries.coverImage(coverOf('One')!);
    assert.equal(served?.mime, 'image/jpeg');
    assert.deepEqual(Buffer.from(served.data), jpeg);
    assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 1);
    db.close();
  });

  test('a re-import brings a cover.jpg added, changed or removed later, without reading the songs', async () => {
    const folder = await folderWith('later', {});
    await writeTone(join(folder, 'One.wav'), 'One', 330);
    await writeTone(join(folder, 'Two.wav'), 'Two', 440);
    const db = openLibraryDatabase(join(workDir, 'later.sqlite'));
    const repo = new TrackRepo(db);
    const importer = new LibraryImporter(repo, { concurrency: 2, batchSize: 10, progressIntervalMs: 0 });
    const queries = new TrackQueries(db);
    const coverIds = () => queries.listTracks({ offset: 0, limit: 10 }).tracks.map((track) => track.coverId);
    const mimeOf = (id: number | null) => (id === null ? null : (queries.coverImage(id)?.mime ?? null));
    try {
      await importer.importFolder(folder);
      assert.deepEqual(coverIds(), [null, null]);

      await writeFile(join(folder, 'cover.jpg'), jpeg);
      const added = await importer.importFolder(folder);
      assert.equal(added.unchanged, 2, 'the songs were not read again');
      const [first, second] = coverIds();
      assert.equal(mimeOf(first!), 'image/jpeg');
      assert.equal(second, first);

      await rm(join(folder, 'cover.jpg'));
      await writeFile(join(folder, 'front.png'), png);
      await importer.importFolder(folder);
      assert.deepEqual(coverIds().map(mimeOf), ['image/png', 'image/png']);
      assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 1, 'the old image is gone');

      await rm(join(folder, 'front.png'));
      await importer.importFolder(folder, { imageFolders: [] });
      assert.deepEqual(coverIds().map(mimeOf), ['image/png', 'image/png'], 'only the listed folders');
      await importer.importFolder(folder, { imageFolders: [folder] });
      assert.deepEqual(coverIds(), [null, null]);
      assert.equal(db.prepare('SELECT count(*) FROM covers').pluck().get(), 0);

      // A picture of the song's own is never replaced by the folder's.
      await writeFile(join(folder, 'cover.jpg'), jpeg);
      const own = db
        .prepare('INSERT INTO covers (sha256, mime, bytes) VALUES (?, ?, ?)')
        .run('own', 'image/png', png);
      db.prepare("UPDATE tracks SET cover_id = ? WHERE title = 'One'").run(own.lastInsertRowid);
      await importer.importFolder(folder);
      const [one, two] = coverIds();
      assert.equal(one, Number(own.lastInsertRowid));
      assert.equal(mimeOf(two!), 'image/jpeg');
    } finally {
      db.close();
    }
  });
});
