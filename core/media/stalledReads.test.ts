// A track whose later blocks no reachable peer holds: the listener opened it (root and first leaf
// fetched) while a peer had it, then the peer went away. Reads that need the rest must end, on a
// stall timeout or when the request is cancelled, and never take another request down with them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { EncryptedMedia, MediaSource } from './mediaSource';
import { HEADER_BYTES, TAG_BYTES } from '../../protocol/bsk1Layout';
import { encryptBsk1 } from '../../protocol/bsk1Encrypt';
import { collect, cutInto, patternBytes } from '../../protocol/bsk1TestSupport';
import type { ContentStore } from '../storage/contentStore';
import { createHeliaContentStore } from '../storage/heliaContentStore';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import { CHUNK_SIZE_BYTES } from '../storage/unixfsLayout';
import { createEncryptedTrackReader } from './encryptedTrack';
import type { MediaHandler } from './mediaHandler';
import { createMediaHandler } from './mediaHandler';

const SEGMENT_BYTES = 4096; // segmentBits 12
const plaintext = patternBytes(1_000_000); // four 256 KiB leaves of container
/** Plaintext of the segments wholly inside the first leaf, which the listener holds. */
const heldBytes = Math.floor((CHUNK_SIZE_BYTES - HEADER_BYTES) / (SEGMENT_BYTES + TAG_BYTES)) * SEGMENT_BYTES;
const missingRange = 'bytes=900000-900099'; // in the fourth leaf
const otherMissingRange = 'bytes=600000-600099'; // in the third
const key = randomBytes(32);

let workDir: string;
let listener: HeliaContentStore;
let peer: HeliaContentStore | undefined;
/** Answers after 300 ms without bytes from peers. */
let hasty: MediaHandler;
/** Would wait a minute: only a cancel ends its reads in time. */
let patient: MediaHandler;
/** Store reads started and not yet ended, across both handlers. */
let readsOpen = 0;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-stalled-reads-'));
  listener = await createHeliaContentStore({ directory: join(workDir, 'listener') });
  peer = await createHeliaContentStore({ directory: join(workDir, 'peer') });
  const container = await collect(
    encryptBsk1(cutInto(plaintext), { key, plaintextLength: plaintext.length, segmentBits: 12 }),
  );
  const tracks = new Map<number, EncryptedMedia>([
    [1, { audioCid: await peer.add([container]), mime: 'audio/flac', contentKey: key }],
  ]);
  // A CID nobody has, not even its root: the open itself waits on peers.
  const elsewhere = await createHeliaContentStore({ directory: join(workDir, 'elsewhere') });
  tracks.set(2, {
    audioCid: await elsewhere.add([container.subarray(0, 5000)]),
    mime: 'audio/flac',
    contentKey: key,
  });
  await elsewhere.close();

  const observed: ContentStore = {
    ...listener,
    async *read(cid, options) {
      readsOpen += 1;
      try {
        yield* listener.read(cid, options);
      } finally {
        readsOpen -= 1;
      }
    },
  };
  const source: MediaSource = {
    trackFile: () => null,
    coverImage: () => null,
    encryptedTrack: (id) => tracks.get(id) ?? null,
  };
  const handler = (stallTimeoutMs: number) =>
    createMediaHandler(source, {
      encryptedTracks: createEncryptedTrackReader(observed, { openTimeoutMs: 60_000, stallTimeoutMs }),
    });
  hasty = handler(300);
  patient = handler(60_000);

  await listener.connectPeer(peer.listenAddresses()[0]!, { signal: AbortSignal.timeout(10_000) });
  for (const handle of [hasty, patient]) assert.equal((await get(handle, 1, {}, 'HEAD')).status, 200);
  await peer.close();
  peer = undefined;
});

after(async () => {
  await peer?.close();
  await listener?.close();
  await rm(workDir, { recursive: true, force: true });
});

function get(
  handle: MediaHandler,
  id: number,
  headers: Record<string, string> = {},
  method = 'GET',
  signal?: AbortSignal,
): Promise<Response> {
  return handle(new Request(`busker://track/${id}`, { method, headers, signal }));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(10);
}

/** Reads `body` until `length` bytes arrived; what comes after them needs a block nobody sends. */
async function readHeld(body: ReadableStreamDefaultReader<Uint8Array>, length: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let received = 0;
  while (received < length) {
    const { done, value } = await body.read();
    assert.ok(!done, 'the body ended early');
    parts.push(value);
    received += value.length;
  }
  return Buffer.concat(parts);
}

test(
  'a range no reachable peer sends is a 504 in words once the read stalls',
  { timeout: 5_000 },
  async () => {
    const response = await get(hasty, 1, { range: missingRange });
    assert.equal(response.status, 504);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(await response.text(), /stopped arriving: no reachable peer is sending it/);
    assert.equal(readsOpen, 0);
  },
);

test(
  'a stream that stalls after its first bytes is cut, after only authenticated bytes',
  { timeout: 5_000 },
  async () => {
    const response = await get(hasty, 1);
    assert.equal(response.status, 200);
    const received: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const chunk of response.body!) received.push(Buffer.from(chunk));
    }, /stopped arriving/);
    const bytes = Buffer.concat(received);
    assert.ok(bytes.length > 0 && bytes.length <= heldBytes, `${bytes.length} bytes`);
    assert.deepEqual(bytes, plaintext.subarray(0, bytes.length));
    assert.equal(readsOpen, 0);
  },
);

test('a request the client aborts ends its store read at once', { timeout: 5_000 }, async () => {
  const client = new AbortController();
  const answer = get(patient, 1, { range: missingRange }, 'GET', client.signal);
  await until(() => readsOpen === 1);
  await sleep(100); // the read is waiting on peers
  client.abort();
  assert.equal((await answer).ok, false);
  assert.equal(readsOpen, 0);
});

test('cancelling a response mid-stream ends its store read at once', { timeout: 5_000 }, async () => {
  const response = await get(patient, 1);
  assert.equal(response.status, 200);
  const body = response.body!.getReader();
  assert.deepEqual(await readHeld(body, heldBytes), plaintext.subarray(0, heldBytes));
  await sleep(100); // the next segment is waiting on peers
  assert.equal(readsOpen, 1);
  await body.cancel();
  assert.equal(readsOpen, 0);
});

test(
  'a request aborted while the track is still opening stops waiting at once',
  { timeout: 5_000 },
  async () => {
    const client = new AbortController();
    const answer = get(patient, 2, {}, 'GET', client.signal);
    await sleep(200);
    client.abort();
    assert.equal((await answer).ok, false);
  },
);

test(
  "one request's cancel leaves another request of the same track reading",
  { timeout: 10_000 },
  async () => {
    const client = new AbortController();
    const cancelled = get(patient, 1, { range: missingRange }, 'GET', client.signal);
    // Not the same block: Helia's bitswap drops a want for everyone when one of its waiters aborts.
    const kept = get(patient, 1, { range: otherMissingRange });
    await until(() => readsOpen === 2);
    client.abort();
    assert.equal((await cancelled).ok, false);
    assert.equal(readsOpen, 1);

    // The peer comes back: the read still waiting gets its block and answers.
    peer = await createHeliaContentStore({ directory: join(workDir, 'peer') });
    await listener.connectPeer(peer.listenAddresses()[0]!, { signal: AbortSignal.timeout(5_000) });
    const response = await kept;
    assert.equal(response.status, 206);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), plaintext.subarray(600_000, 600_100));
  },
);
