// Publish once: audio this artist published already (by its hash, whatever the file's name or
// which computer published it) is refused with the track it is, unless asked for again.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import { PublishError } from './publishError';
import { generateTracks, PublishTestbed } from './testing/publishTestbed';

let bed: PublishTestbed;
let store: HeliaContentStore;

before(async () => {
  bed = await PublishTestbed.start();
  store = await bed.contentStore('ipfs');
});

after(async () => {
  await bed?.close();
});

async function refusal(promise: Promise<unknown>): Promise<PublishError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PublishError) return error;
    throw error;
  }
  assert.fail('the file was not refused');
}

test('the same audio is refused, named by its track, unless published again on purpose', async () => {
  const [track] = await generateTracks(join(bed.dir, 'once'), 'once');
  const publisher = bed.publisher({ store: bed.jobStore(), contentStore: store });
  const first = await publisher.run((await publisher.enqueue({ path: track!.path, price: 1n })).id);
  assert.equal(first.state, 'done');

  const renamed = join(bed.dir, 'once', 'renamed copy.bin');
  await copyFile(track!.path, renamed);
  for (const path of [track!.path, renamed]) {
    const error = await refusal(publisher.enqueue({ path, price: 1n }));
    assert.equal(error.code, 'ALREADY_PUBLISHED');
    assert.match(error.message, new RegExp(`track ${first.trackId} of your catalogue`));
  }
  // Another computer (its own job database) asks the chain, and is refused the same way.
  const elsewhere = bed.publisher({ store: bed.jobStore('elsewhere.sqlite'), contentStore: store });
  assert.equal((await refusal(elsewhere.enqueue({ path: renamed, price: 1n }))).code, 'ALREADY_PUBLISHED');

  const countBefore = await bed.trackCount();
  const again = await publisher.run((await publisher.enqueue({ path: renamed, price: 1n, again: true })).id);
  assert.equal(again.state, 'done');
  assert.equal(again.trackId, countBefore, 'a second copy, on purpose');
});

test('a file already queued is refused while its first job runs', async () => {
  const [track] = await generateTracks(join(bed.dir, 'queued'), 'queued');
  const publisher = bed.publisher({ store: bed.jobStore('queued.sqlite'), contentStore: store });
  await publisher.enqueue({ path: track!.path, price: 1n });
  const error = await refusal(publisher.enqueue({ path: track!.path, price: 1n }));
  assert.equal(error.code, 'ALREADY_PUBLISHED');
  assert.match(error.message, /being published already/);
});
