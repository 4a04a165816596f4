// Publishing ends on a seed: a job is done once a seed keeps the audio, metadata and cover, so
// the artist may go offline; with no seed reachable it waits, and finishes once one is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSeed } from '../../seed/seedServer';
import type { RunningSeed } from '../../seed/seedServer';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import type { PublishProgress } from './publisher';
import { generateTracks, PublishTestbed } from './testing/publishTestbed';
import { testSeedConfig } from '../../seed/testing/testSeed';

let bed: PublishTestbed;
let store: HeliaContentStore;
let seed: RunningSeed;

before(async () => {
  bed = await PublishTestbed.start();
  store = await bed.contentStore('ipfs');
  seed = await startSeed(testSeedConfig(bed.harness.fixture, join(bed.dir, 'seed')));
});

after(async () => {
  await seed?.close();
  await bed?.close();
});

test('a job is done once the seed keeps the track, and says on how many seeds', async () => {
  const [track] = await generateTracks(join(bed.dir, 'audio-seeded'), 'seeded');
  const progress: PublishProgress[] = [];
  const publisher = bed.publisher({
    store: bed.jobStore(),
    contentStore: store,
    seeds: [{ url: seed.pinningUrl }],
    onProgress: (p) => progress.push(p),
  });
  const job = await publisher.run((await publisher.enqueue({ path: track!.path, price: 1n })).id);
  assert.equal(job.state, 'done', job.lastError ?? job.failureReason ?? '');
  assert.equal(job.seedsStored, 1);
  for (const cid of [job.audioCid, job.metadataCid, job.coverCid]) {
    if (cid !== null) assert.equal(await seed.content.isPinned(cid), true, `the seed keeps ${cid}`);
  }
  assert.ok(progress.some((p) => p.activity === 'storing-on-seeds'));
  assert.ok(progress.some((p) => p.message === 'Stored on 1 seed.'));
});

test('with no seed reachable the job waits, says why, and finishes on the next run', async () => {
  const [track] = await generateTracks(join(bed.dir, 'audio-waiting'), 'waiting');
  const jobStore = bed.jobStore('waiting.sqlite');
  const offline = bed.publisher({
    store: jobStore,
    contentStore: store,
    seeds: [{ url: 'http://127.0.0.1:9/psa' }],
  });
  const waiting = await offline.run((await offline.enqueue({ path: track!.path, price: 1n })).id);
  assert.equal(waiting.state, 'key-deposited');
  assert.match(waiting.lastError ?? '', /no seed keeps it yet.*cannot be reached/);

  const online = bed.publisher({ store: jobStore, contentStore: store, seeds: [{ url: seed.pinningUrl }] });
  const [done] = await online.resume();
  assert.equal(done?.state, 'done');
  assert.equal(done?.seedsStored, 1);
  assert.equal(done?.trackId, waiting.trackId, 'published once');
});
