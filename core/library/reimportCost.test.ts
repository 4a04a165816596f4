import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeAudioFixtures } from '../../testkit/audioFixtures';
import type { AudioFixtures } from '../../testkit/audioFixtures';
import { openLibraryDatabase } from './database';
import { LibraryImporter } from './libraryImporter';
import { CountingTagThreads } from './testSupport/countingTagThreads';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

let workDir: string;
let fixtures: AudioFixtures;
const threads = new CountingTagThreads();

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-reimport-'));
  fixtures = await makeAudioFixtures(join(workDir, 'fixtures'));
});

after(async () => {
  await threads.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('a re-import costs a stat per unchanged file', () => {
  test('unchanged files are not read again; a touched one and a grown one are', async () => {
    const folder = join(workDir, 'music');
    await mkdir(join(folder, 'album'), { recursive: true });
    const names: string[] = [];
    for (const [index, track] of fixtures.tracks.slice(0, 4).entries()) {
      const name = join(folder, 'album', `${index} song${extname(track.path)}`);
      await copyFile(track.path, name);
      names.push(name);
    }
    assert.equal(names.length, 4);
    const db = openLibraryDatabase(join(workDir, 'library.sqlite'));
    try {
      const importer = new LibraryImporter(new TrackRepo(db), {
        concurrency: 4,
        batchSize: 2,
        progressIntervalMs: 0,
        tagThreads: threads,
      });
      const first = await importer.importFolder(folder);
      assert.equal(first.added, 4);
      assert.deepEqual([...threads.reads].sort(), [...names].sort());

      threads.reads.length = 0;
      const again = await importer.importFolder(folder);
      assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 4]);
      assert.deepEqual(threads.reads, [], 'an unchanged file was read again');

      const later = new Date(Date.now() + 60_000);
      await utimes(names[1] as string, later, later); // same size, new time
      await appendFile(names[3] as string, Buffer.alloc(16)); // grown: a new size
      const changed = await importer.importFolder(folder);
      assert.deepEqual([changed.added, changed.updated, changed.unchanged], [0, 2, 2]);
      assert.deepEqual([...threads.reads].sort(), [names[1], names[3]].sort());
      assert.equal(new TrackQueries(db).stats().tracks, 4);
    } finally {
      db.close();
    }
  });
});
