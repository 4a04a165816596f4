import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EncryptedMedia, MediaSource } from './mediaSource';
import { encryptBsk1 } from '../../protocol/bsk1Encrypt';
import { collect, cutInto, patternBytes } from '../../protocol/bsk1TestSupport';
import { createHeliaContentStore } from '../storage/heliaContentStore';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import { createEncryptedTrackReader } from './encryptedTrack';
import type { MediaHandler } from './mediaHandler';
import { createMediaHandler } from './mediaHandler';

const SEGMENT_BITS = 12; // 4 KiB segments: many of them in a small track
const plaintext = patternBytes(50_000);
const key = randomBytes(32);

let workDir: string;
let store: HeliaContentStore;
let handler: MediaHandler;
const tracks = new Map<number, EncryptedMedia>();

async function addContainer(bytes: Uint8Array): Promise<string> {
  return store.add(cutInto(bytes, [1000, 70_000]));
}

async function encrypt(bytes: Uint8Array, withKey: Uint8Array = key): Promise<Buffer> {
  return collect(
    encryptBsk1(cutInto(bytes), { key: withKey, plaintextLength: bytes.length, segmentBits: SEGMENT_BITS }),
  );
}

function get(id: number, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return handler(new Request(`busker://track/${id}`, { method, headers }));
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-encrypted-track-'));
  store = await createHeliaContentStore({ directory: join(workDir, 'ipfs') });
  const container = await encrypt(plaintext);
  const tampered = flipBit(container, 24 + 5); // inside segment 0's ciphertext
  const tamperedLate = flipBit(container, container.length - 3); // inside the last segment's tag
  tracks.set(1, { audioCid: await addContainer(container), mime: 'audio/flac', contentKey: key });
  tracks.set(2, { audioCid: tracks.get(1)!.audioCid, mime: 'audio/flac', contentKey: null });
  tracks.set(3, { audioCid: await addContainer(tampered), mime: 'audio/flac', contentKey: key });
  tracks.set(4, { audioCid: await addContainer(tamperedLate), mime: 'audio/flac', contentKey: key });
  tracks.set(5, { audioCid: tracks.get(1)!.audioCid, mime: 'audio/flac', contentKey: randomBytes(32) });
  // A CID nobody has: its blocks are asked of peers that do not exist.
  const elsewhere = await createHeliaContentStore({ directory: join(workDir, 'elsewhere') });
  const missing = await elsewhere.add([await encrypt(patternBytes(10))]);
  await elsewhere.close();
  tracks.set(6, { audioCid: missing, mime: 'audio/flac', contentKey: key });

  const source: MediaSource = {
    trackFile: () => null,
    coverImage: () => null,
    encryptedTrack: (id) => tracks.get(id) ?? null,
  };
  handler = createMediaHandler(source, {
    encryptedTracks: createEncryptedTrackReader(store, { openTimeoutMs: 1500 }),
  });
});

after(async () => {
  await store?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('the stream handler serves an unlocked catalogue track decrypted', () => {
  test('the whole track, byte for byte', async () => {
    const response = await get(1);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), String(plaintext.length));
    assert.equal(response.headers.get('content-type'), 'audio/flac');
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(sha256(body), sha256(plaintext));
  });

  test('any range, including across segment boundaries and the last byte', async () => {
    for (const [start, end] of [
      [0, 0],
      [4095, 4096],
      [4000, 20_000],
      [49_999, 49_999],
      [12_288, 16_383],
    ] as const) {
      const response = await get(1, { range: `bytes=${start}-${end}` });
      assert.equal(response.status, 206);
      assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${plaintext.length}`);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), plaintext.subarray(start, end + 1));
    }
    const suffix = await get(1, { range: 'bytes=-100' });
    assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), plaintext.subarray(-100));
    const beyond = await get(1, { range: `bytes=${plaintext.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${plaintext.length}`);
  });

  test('HEAD answers the size without a body', async () => {
    const response = await get(1, {}, 'HEAD');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), String(plaintext.length));
    assert.equal(response.body, null);
  });
});

describe('the stream handler refuses what it cannot authenticate', () => {
  test('a locked track is 403 with a sentence, and no audio', async () => {
    const response = await get(2);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /locked: tip the artist/);
  });

  test('a damaged first segment is a clean 502 before any byte', async () => {
    const response = await get(3);
    assert.equal(response.status, 502);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(await response.text(), /failed its integrity check/);
    const ranged = await get(3, { range: 'bytes=0-10' });
    assert.equal(ranged.status, 502);
  });

  test('a damaged later segment cuts the stream after only authenticated bytes', async () => {
    const response = await get(4);
    assert.equal(response.status, 200);
    const received: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const chunk of response.body!) received.push(Buffer.from(chunk));
    });
    const bytes = Buffer.concat(received);
    const lastSegmentStart = Math.floor((plaintext.length - 1) / 4096) * 4096;
    assert.ok(bytes.length <= lastSegmentStart, 'nothing of the damaged segment may arrive');
    assert.deepEqual(bytes, plaintext.subarray(0, bytes.length));
    // Ranges that avoid the damaged segment still play.
    const early = await get(4, { range: 'bytes=0-4095' });
    assert.deepEqual(Buffer.from(await early.arrayBuffer()), plaintext.subarray(0, 4096));
  });

  test('a wrong key is refused as damage, never as noise', async () => {
    const response = await get(5);
    assert.equal(response.status, 502);
  });

  test('content no reachable peer has is 504 in words, after the timeout', async () => {
    const response = await get(6);
    assert.equal(response.status, 504);
    assert.match(await response.text(), /no reachable peer has it/);
  });

  test('an unknown id is 404', async () => {
    assert.equal((await get(99)).status, 404);
  });
});

function flipBit(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt8(copy.readUInt8(at) ^ 0x01, at);
  return copy;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
