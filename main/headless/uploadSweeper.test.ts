// Uploads are deleted once nothing needs them, on real files and a real publish database: a
// file whose jobs ended, one no job took for hours, and at start the half-received ones.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBackend } from '../../core/app/openBackend';
import { openPublishDatabase, type PublishDatabase } from '../../core/publish/publishDatabase';
import { PublishJobStore } from '../../core/publish/publishJobStore';
import { startHeadlessHost } from './headlessHost';
import { abandonedUploadMs, publishJobSources, startUploadSweeper, sweepUploads } from './uploadSweeper';

let root: string;
let db: PublishDatabase;
let jobs: PublishJobStore;
let databaseFile: string;
let uploadsDir: string;
const flacBytes = Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(2000, 7)]);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-upload-sweep-'));
  databaseFile = join(root, 'publish.sqlite');
  db = openPublishDatabase(databaseFile);
  jobs = new PublishJobStore(db);
  uploadsDir = join(root, 'uploads');
});

after(async () => {
  db?.close();
  await rm(root, { recursive: true, force: true });
});

/** An upload as uploadRoute.ts leaves it: `<uploads>/<folder>/<name>`, optionally aged. */
async function uploaded(folder: string, name: string, ageMs = 0): Promise<string> {
  await mkdir(join(uploadsDir, folder), { recursive: true });
  const path = join(uploadsDir, folder, name);
  await writeFile(path, flacBytes);
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    await utimes(join(uploadsDir, folder), then, then);
  }
  return path;
}

function jobFor(id: string, sourcePath: string) {
  return jobs.insert({
    id,
    chainId: 31337,
    artist: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    sourcePath,
    sourceSize: flacBytes.length,
    price: 1n,
    wrappedKey: Buffer.alloc(32, 1),
    noncePrefix: Buffer.alloc(8, 2),
    metadataJson: '{}',
    cover: null,
  });
}

const left = async () => (await readdir(uploadsDir)).sort();

describe('sweeping the browser host’s uploads', () => {
  it('deletes what ended or was abandoned and half-received leftovers at start, and keeps the rest', async () => {
    jobFor('open', await uploaded('a-open', 'one.flac', abandonedUploadMs * 2));
    jobFor('failed', await uploaded('b-failed', 'two.flac'));
    jobs.markFailed('failed', 'The chain refused it.');
    jobFor('done', await uploaded('c-done', 'three.flac'));
    // Walking every step needs a chain; the state is what the sweeper reads.
    db.prepare("UPDATE publish_jobs SET state = 'done' WHERE id = 'done'").run();
    await uploaded('d-fresh', 'four.flac');
    await uploaded('e-abandoned', 'five.flac', abandonedUploadMs + 60_000);
    await mkdir(join(uploadsDir, 'f-partial'));
    await writeFile(join(uploadsDir, 'f-partial', '.x.part'), flacBytes);
    await writeFile(join(uploadsDir, 'not-a-folder'), 'left alone');

    assert.deepEqual(
      publishJobSources(databaseFile)
        .map((job) => `${job.open}`)
        .sort(),
      ['false', 'false', 'true'],
    );
    const removed = await sweepUploads({ uploadsDir, jobs: publishJobSources(databaseFile), atStart: true });
    assert.deepEqual(removed.sort(), ['b-failed', 'c-done', 'e-abandoned', 'f-partial']);
    assert.deepEqual(await left(), ['a-open', 'd-fresh', 'not-a-folder']);

    // Later in the run, an upload being received is not touched.
    await mkdir(join(uploadsDir, 'g-receiving'));
    await writeFile(join(uploadsDir, 'g-receiving', '.y.part'), flacBytes);
    assert.deepEqual(
      await sweepUploads({ uploadsDir, jobs: publishJobSources(databaseFile), atStart: false }),
      [],
    );
    await rm(join(uploadsDir, 'g-receiving'), { recursive: true });
  });

  it('the running sweeper deletes a file once its job fails for good', async () => {
    const sweeper = startUploadSweeper({ uploadsDir, publishDatabaseFile: databaseFile, intervalMs: 60_000 });
    try {
      await sweeper.sweep();
      assert.ok(existsSync(join(uploadsDir, 'a-open')), 'kept while its job runs');
      jobs.markFailed('open', 'The network went away for good.');
      assert.deepEqual(await sweeper.sweep(), ['a-open']);
      assert.deepEqual(await left(), ['d-fresh', 'not-a-folder']);
    } finally {
      await sweeper.close();
    }
  });

  it('no publish database yet: nothing is referenced, and a missing uploads folder is fine', async () => {
    assert.deepEqual(publishJobSources(join(root, 'none.sqlite')), []);
    assert.deepEqual(await sweepUploads({ uploadsDir: join(root, 'none'), jobs: [], atStart: true }), []);
  });

  it('the headless host sweeps a previous run’s leftovers when it starts', async () => {
    const dataDir = join(root, 'host');
    const hostUploads = join(dataDir, 'uploads');
    await mkdir(join(hostUploads, 'interrupted'), { recursive: true });
    await writeFile(join(hostUploads, 'interrupted', '.z.part'), flacBytes);
    const backend = openBackend({ dataDir, host: 'headless' });
    const host = await startHeadlessHost({
      backend,
      rendererDir: join(root, 'no-renderer'),
      uploadsDir: hostUploads,
      publishDatabaseFile: join(dataDir, 'publish.sqlite'),
    });
    try {
      for (let tries = 0; existsSync(join(hostUploads, 'interrupted')); tries += 1) {
        assert.ok(tries < 200, 'the leftover is gone soon after start');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await host.close();
      await backend.close();
    }
  });
});
