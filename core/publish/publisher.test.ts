import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { unwrapContentKey } from './contentKeyWrap';
import { openPublishDatabase } from './publishDatabase';
import { PublishError } from './publishError';
import type { PublishProgress } from './publisher';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import { assertPublishedTrack } from './testing/publishedTrackCheck';
import type { GeneratedTrack } from './testing/publishTestbed';
import { PublishTestbed, generateTracks } from './testing/publishTestbed';

// The publish pipeline against a real anvil, a real key server and a real Helia store.
let bed: PublishTestbed;
let store: HeliaContentStore;

before(async () => {
  bed = await PublishTestbed.start();
  store = await bed.contentStore('ipfs');
});

after(async () => {
  await bed?.close();
});

async function assertListenerGetsKey(trackId: number, price: bigint, key: Buffer): Promise<void> {
  const listener = bed.harness.wallet(2);
  await bed.harness.tip(listener, { artist: bed.artist, trackId, price, contentKey: key });
  assert.deepEqual(await bed.keyServer.unlock(listener, { artist: bed.artist, trackId }), key);
}

test('three files are published: on chain, in the store, decryptable, with their key deposited', async () => {
  const tracks = await generateTracks(join(bed.dir, 'audio'), 'three');
  const progress: PublishProgress[] = [];
  const publisher = bed.publisher({
    store: bed.jobStore(),
    contentStore: store,
    onProgress: (p) => progress.push(p),
  });
  const countBefore = await bed.trackCount();
  const jobs = [];
  for (const track of tracks) jobs.push(await publisher.enqueue({ path: track.path, price: 1_000n }));
  for (const job of jobs) assert.equal(job.state, 'queued');
  const done = await publisher.resume();

  assert.equal(await bed.trackCount(), countBefore + 3);
  for (const [index, job] of done.entries()) {
    const track = tracks[index] as GeneratedTrack;
    const key = await assertPublishedTrack(bed.provider, store, job, bed.wrappingKey, track);
    assert.equal(job.trackId, countBefore + index);
    await assertListenerGetsKey(job.trackId ?? -1, job.price, key);
  }

  const databaseBytes = Buffer.concat(
    await Promise.all(
      ['publish.sqlite', 'publish.sqlite-wal'].map((name) =>
        readFile(join(bed.dir, name)).catch(() => Buffer.alloc(0)),
      ),
    ),
  );
  for (const job of done) {
    const key = unwrapContentKey(bed.wrappingKey, job.id, job.wrappedKey);
    assert.ok(!databaseBytes.includes(key), 'no content key is stored in clear');
  }

  const first = progress.filter((p) => p.jobId === done[0]?.id);
  const encrypting = first.filter((p) => p.activity === 'encrypting');
  assert.ok(encrypting.length >= 2);
  assert.deepEqual(encrypting.at(-1)?.bytesDone, encrypting.at(-1)?.bytesTotal);
  for (const activity of [
    'adding-metadata',
    'sending',
    'confirming',
    'depositing-key',
    'finishing',
    'stopped',
  ]) {
    assert.ok(
      first.some((p) => p.activity === activity),
      `progress reports ${activity}`,
    );
  }
  assert.equal(first.at(-1)?.state, 'done');
});

const crashPoints = [
  'queued',
  'encrypted',
  'audio-added',
  'metadata-added',
  'tx-recorded',
  'tx-broadcast',
  'published',
  'key-deposited',
] as const;

test('a crash after any persisted step resumes to exactly one track with its key deposited', async () => {
  const files = await generateTracks(join(bed.dir, 'crash'), 'crash');
  const file = files[0] as GeneratedTrack;
  for (const point of crashPoints) {
    const database = `crash-${point}.sqlite`;
    const crashing = bed.publisher({
      store: bed.jobStore(database),
      contentStore: store,
      afterStep: (_job, checkpoint) => {
        if (checkpoint === point) throw new Error(`crash at ${point}`);
      },
    });
    const countBefore = await bed.trackCount();
    const job = await crashing.enqueue({ path: file.path, price: 7n, again: true });
    if (point !== 'queued') await assert.rejects(crashing.run(job.id), new RegExp(`crash at ${point}`));

    // A restarted app: a new database connection and a new publisher.
    const restarted = bed.publisher({ store: bed.jobStore(database), contentStore: store });
    const [resumed] = await restarted.resume();
    assert.ok(resumed, `a job is resumed after a crash at ${point}`);
    assert.equal(resumed.state, 'done', `${point}: ${resumed.failureReason ?? resumed.lastError ?? ''}`);
    assert.equal(await bed.trackCount(), countBefore + 1, `one track after a crash at ${point}`);
    const key = await assertPublishedTrack(bed.provider, store, resumed, bed.wrappingKey, file);
    await assertListenerGetsKey(resumed.trackId ?? -1, 7n, key);
    assert.deepEqual(await restarted.resume(), [], 'nothing is left to resume');
  }
});

/** A job left at `encrypted` as a version that kept the container aside left it: no CID recorded. */
async function olderEncryptedJob(
  name: string,
): Promise<{ file: GeneratedTrack; database: string; jobId: string }> {
  const [file] = await generateTracks(join(bed.dir, name), name);
  assert.ok(file);
  const database = `${name}.sqlite`;
  const crashing = bed.publisher({
    store: bed.jobStore(database),
    contentStore: store,
    afterStep: (_job, checkpoint) => {
      if (checkpoint === 'encrypted') throw new Error('crash after encrypting');
    },
  });
  const job = await crashing.enqueue({ path: file.path, price: 7n });
  await assert.rejects(crashing.run(job.id), /crash after encrypting/);
  const encrypted = bed.jobStore(database).require(job.id);
  assert.ok(encrypted.audioCid !== null, 'the encrypt step records the CID with the hash');
  await store.unpin(encrypted.audioCid);
  const db = openPublishDatabase(join(bed.dir, database));
  db.prepare('UPDATE publish_jobs SET audio_cid = NULL WHERE id = ?').run(job.id);
  db.close();
  return { file, database, jobId: job.id };
}

test('a job an older version left encrypted is added again from its file and published', async () => {
  const { file, database } = await olderEncryptedJob('older');
  const [resumed] = await bed.publisher({ store: bed.jobStore(database), contentStore: store }).resume();
  assert.equal(resumed?.state, 'done', resumed?.failureReason ?? resumed?.lastError ?? '');
  const key = await assertPublishedTrack(bed.provider, store, resumed!, bed.wrappingKey, file);
  await assertListenerGetsKey(resumed?.trackId ?? -1, 7n, key);
});

test('a job an older version left encrypted whose file then changed fails in words, keeping nothing', async () => {
  const { file, database } = await olderEncryptedJob('older-changed');
  const bytes = await readFile(file.path);
  const last = bytes.length - 1;
  bytes.writeUInt8(bytes.readUInt8(last) ^ 0xff, last); // same size, other bytes
  await writeFile(file.path, bytes);
  const countBefore = await bed.trackCount();
  await store.collectGarbage(0);
  const keptBytes = await store.cacheSize();

  const [resumed] = await bed.publisher({ store: bed.jobStore(database), contentStore: store }).resume();
  assert.equal(resumed?.state, 'failed');
  assert.match(resumed?.failureReason ?? '', /changed after it was encrypted\. Add it again/);
  assert.equal(resumed?.audioCid, null);
  assert.equal(await bed.trackCount(), countBefore, 'nothing was published');
  await store.collectGarbage(0);
  assert.equal(await store.cacheSize(), keptBytes, 'the changed file is not left pinned');
});

test('files that are not audio, empty files and wrong prices are refused in words', async () => {
  const publisher = bed.publisher({ store: bed.jobStore('refusals.sqlite'), contentStore: store });
  const text = join(bed.dir, 'notes.mp3');
  await writeFile(text, '%PDF-1.7 not a song at all, whatever the name says');
  const empty = join(bed.dir, 'empty.flac');
  await writeFile(empty, '');
  const [track] = await generateTracks(join(bed.dir, 'refusals'), 'refusals');
  const refused = (code: string, words: RegExp) => (error: unknown) =>
    error instanceof PublishError && error.code === code && words.test(error.message);

  await assert.rejects(
    publisher.enqueue({ path: text, price: 1n }),
    refused('NOT_AUDIO', /not audio: it starts like a PDF document/),
  );
  await assert.rejects(publisher.enqueue({ path: empty, price: 1n }), refused('EMPTY_FILE', /empty/));
  await assert.rejects(
    publisher.enqueue({ path: join(bed.dir, 'missing.wav'), price: 1n }),
    refused('UNREADABLE', /disappeared|not|gone/),
  );
  await assert.rejects(
    publisher.enqueue({ path: track?.path ?? '', price: -1n }),
    refused('BAD_PRICE', /wei/),
  );
  await assert.rejects(
    publisher.enqueue({ path: track?.path ?? '', price: 0.5 as unknown as bigint }),
    refused('BAD_PRICE', /wei/),
  );
  assert.deepEqual(publisher.jobs(), [], 'a refused file leaves no job behind');
});

test('with the key server down the job waits at published, then finishes when it is back', async () => {
  const [file] = await generateTracks(join(bed.dir, 'down'), 'down');
  assert.ok(file);
  const database = 'key-server-down.sqlite';
  const down = bed.publisher({
    store: bed.jobStore(database),
    contentStore: store,
    keyServer: bed.unreachableKeyServer(),
  });
  const countBefore = await bed.trackCount();
  const job = await down.run((await down.enqueue({ path: file.path, price: 5n })).id);
  assert.equal(job.state, 'published');
  assert.match(job.lastError ?? '', /not deposited yet.*does not answer/);
  assert.deepEqual(
    (await down.resume()).map((j) => j.state),
    ['published'],
    'still waiting while the server is down',
  );

  const back = bed.publisher({ store: bed.jobStore(database), contentStore: store });
  const [resumed] = await back.resume();
  assert.equal(resumed?.state, 'done');
  assert.equal(resumed.lastError, null);
  assert.equal(await bed.trackCount(), countBefore + 1);
  await assertListenerGetsKey(
    resumed.trackId ?? -1,
    5n,
    unwrapContentKey(bed.wrappingKey, resumed.id, resumed.wrappedKey),
  );
});

test('a transaction the chain refuses (not the owner) fails the job with the reason', async () => {
  const [file] = await generateTracks(join(bed.dir, 'stranger'), 'stranger');
  assert.ok(file);
  const stranger = bed.publisher({
    store: bed.jobStore('stranger.sqlite'),
    contentStore: store,
    wallet: bed.harness.wallet(3),
  });
  const countBefore = await bed.trackCount();
  const job = await stranger.run((await stranger.enqueue({ path: file.path, price: 1n })).id);
  assert.equal(job.state, 'failed');
  assert.equal(job.failedAtState, 'metadata-added');
  assert.match(job.failureReason ?? '', /not its owner \(NotArtistOwner\)/);
  assert.equal(job.rawTransaction, null, 'nothing was signed');
  assert.equal(await bed.trackCount(), countBefore);
  assert.deepEqual(await stranger.resume(), [], 'a failed job is not resumed');
});

test('a recorded transaction whose nonce went to another is replaced, and only then', async () => {
  const [file] = await generateTracks(join(bed.dir, 'dropped'), 'dropped');
  assert.ok(file);
  const database = 'dropped.sqlite';
  const crashing = bed.publisher({
    store: bed.jobStore(database),
    contentStore: store,
    afterStep: (_job, checkpoint) => {
      if (checkpoint === 'tx-recorded') throw new Error('crash before broadcast');
    },
  });
  const countBefore = await bed.trackCount();
  const job = await crashing.enqueue({ path: file.path, price: 2n });
  await assert.rejects(crashing.run(job.id), /crash before broadcast/);
  const recorded = bed.jobStore(database).require(job.id);
  // Meanwhile the artist's wallet spends that nonce elsewhere: the recorded bytes can never land.
  await (await bed.owner.sendTransaction({ to: bed.harness.wallet(5).address, value: 1n })).wait();

  const [resumed] = await bed.publisher({ store: bed.jobStore(database), contentStore: store }).resume();
  assert.equal(resumed?.state, 'done');
  assert.notEqual(resumed.txHash, recorded.txHash, 'a new transaction replaced the dead one');
  assert.equal(await bed.trackCount(), countBefore + 1);
  await assertPublishedTrack(bed.provider, store, resumed, bed.wrappingKey, file);
});

test('a track that landed under a transaction the job lost is found by its audio CID, not published again', async () => {
  const [file] = await generateTracks(join(bed.dir, 'lost'), 'lost');
  assert.ok(file);
  const database = 'lost.sqlite';
  const crashing = bed.publisher({
    store: bed.jobStore(database),
    contentStore: store,
    afterStep: (_job, checkpoint) => {
      if (checkpoint === 'tx-recorded') throw new Error('crash before broadcast');
    },
  });
  const countBefore = await bed.trackCount();
  const job = await crashing.enqueue({ path: file.path, price: 2n });
  await assert.rejects(crashing.run(job.id), /crash before broadcast/);
  const recorded = bed.jobStore(database).require(job.id);
  await (await bed.provider.broadcastTransaction(recorded.rawTransaction ?? '')).wait();
  // The record no longer names the transaction that landed (the worst case the catalogue covers).
  const db = openPublishDatabase(join(bed.dir, database));
  db.prepare('UPDATE publish_jobs SET tx_hash = ? WHERE id = ?').run(`0x${'ab'.repeat(32)}`, job.id);
  db.close();

  const [resumed] = await bed.publisher({ store: bed.jobStore(database), contentStore: store }).resume();
  assert.equal(resumed?.state, 'done');
  assert.equal(resumed.trackId, countBefore);
  assert.equal(await bed.trackCount(), countBefore + 1, 'no second track');
  await assertPublishedTrack(bed.provider, store, resumed, bed.wrappingKey, file);
});
