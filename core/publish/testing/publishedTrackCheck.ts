// Checks, for tests, that a published track is whole: on chain, in the store, decryptable with
// the job's key to the very bytes of the source file, with PROTOCOL §4 metadata.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JsonRpcProvider } from 'ethers';
import { connectArtist } from '../../../protocol/contracts';
import { openBsk1 } from '../../../protocol/bsk1Decrypt';
import { memoryByteRangeReader } from '../../../protocol/byteRangeReader';
import { keyCommitment } from '../../../protocol/keyCommitment';
import type { ContentStore } from '../../storage/contentStore';
import { unwrapContentKey } from '../contentKeyWrap';
import type { PublishJob } from '../publishJobStore';

export async function readWhole(store: ContentStore, cid: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.read(cid)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export interface TrackExpectation {
  title: string;
  mime: string;
  hasCover: boolean;
}

/** Asserts everything about a done job's track; returns its content key. */
export async function assertPublishedTrack(
  provider: JsonRpcProvider,
  store: ContentStore,
  job: PublishJob,
  wrappingKey: Uint8Array,
  expected: TrackExpectation,
): Promise<Buffer> {
  assert.equal(job.state, 'done', `job ${job.sourcePath}: ${job.failureReason ?? job.lastError ?? ''}`);
  assert.ok(job.trackId !== null);
  const onChain = await connectArtist(job.artist, provider).track(job.trackId);
  const key = unwrapContentKey(wrappingKey, job.id, job.wrappedKey);
  const original = await readFile(job.sourcePath);

  assert.equal(onChain.audioCid, job.audioCid);
  assert.equal(onChain.metadataCid, job.metadataCid);
  assert.equal(onChain.price, job.price);
  assert.equal(onChain.keyCommitment, `0x${keyCommitment(key).toString('hex')}`);
  assert.equal(onChain.contentHash, `0x${createHash('sha256').update(original).digest('hex')}`);

  const container = await readWhole(store, onChain.audioCid);
  const reader = await openBsk1(memoryByteRangeReader(container), container.length, key);
  const plain: Uint8Array[] = [];
  for await (const chunk of reader.readPlaintext(0, reader.plaintextLength)) plain.push(chunk);
  assert.ok(Buffer.concat(plain).equals(original), 'the container decrypts to the original file');

  const metadata = JSON.parse((await readWhole(store, onChain.metadataCid)).toString('utf8')) as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.keys(metadata), [
    'busker',
    'title',
    'artist',
    'album',
    'trackNumber',
    'durationMs',
    'mime',
    'size',
    'cover',
  ]);
  assert.equal(metadata.busker, 1);
  assert.equal(metadata.title, expected.title);
  assert.equal(metadata.artist, 'Publish Artist');
  assert.equal(metadata.album, 'Test Tones');
  assert.equal(metadata.mime, expected.mime);
  assert.equal(metadata.size, original.length);
  assert.equal(typeof metadata.trackNumber, 'number');
  assert.ok(typeof metadata.durationMs === 'number' && Math.abs(metadata.durationMs - 2000) < 200);
  if (expected.hasCover) {
    assert.equal(typeof metadata.cover, 'string');
    assert.equal(metadata.cover, job.coverCid);
    const cover = await readWhole(store, metadata.cover as string);
    assert.deepEqual([...cover.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  } else {
    assert.equal(metadata.cover, null);
  }
  return key;
}
