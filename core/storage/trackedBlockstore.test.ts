import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NextToLast } from 'blockstore-fs/sharding';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { readAll, seededBytes } from './testSupport/testBytes';
import { TrackedBlockstore } from './trackedBlockstore';

const directories: string[] = [];
after(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'busker-blocks-'));
  directories.push(directory);
  return directory;
}

async function block(seed: string, size = 1000): Promise<{ cid: CID; bytes: Buffer }> {
  const bytes = seededBytes(size, seed);
  return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes };
}

const keys = (entries: { cid: CID }[]) => entries.map((entry) => entry.cid.multihash.bytes.join());

describe('TrackedBlockstore', () => {
  it('counts bytes however a block arrives, once per block, and forgets deleted ones', async () => {
    const store = await TrackedBlockstore.open(await temporaryDirectory());
    const whole = await block('whole', 1000);
    const streamed = await block('streamed', 3000);
    await store.put(whole.cid, whole.bytes);
    await store.put(whole.cid, whole.bytes);
    await store.put(
      streamed.cid,
      (async function* () {
        yield streamed.bytes.subarray(0, 1000);
        yield streamed.bytes.subarray(1000);
      })(),
    );
    assert.equal(await store.totalBytes(), 4000);
    assert.ok((await readAll(store.get(streamed.cid))).equals(streamed.bytes));
    await store.delete(whole.cid);
    await store.delete(whole.cid);
    assert.equal(await store.totalBytes(), 3000);
    assert.equal(await store.blockCount(), 1);
    await store.close();
  });

  it('orders blocks least recently used first, reads included', async () => {
    const store = await TrackedBlockstore.open(await temporaryDirectory());
    const [first, second, third] = await Promise.all([block('1'), block('2'), block('3')]);
    assert.ok(first && second && third);
    for (const { cid, bytes } of [first, second, third]) await store.put(cid, bytes);
    await readAll(store.get(first.cid));
    assert.deepEqual(keys(await store.leastRecentlyUsed()), keys([second, third, first]));
    await store.close();
  });

  it('rebuilds its index from disk on reopen, oldest file first, while it is being used', async () => {
    const directory = await temporaryDirectory();
    const first = await TrackedBlockstore.open(directory);
    const blocks = await Promise.all(
      Array.from({ length: 300 }, (_, index) => block(`disk ${index}`, 100 + index)),
    );
    for (const { cid, bytes } of blocks) await first.put(cid, bytes);
    await first.close();
    // Give the files distinct ages, newest first, so the index must sort by time, not by name.
    const sharding = new NextToLast();
    const now = Date.now() / 1000;
    await Promise.all(
      blocks.map(({ cid }, index) => {
        const { dir, file } = sharding.encode(cid);
        return utimes(join(directory, dir, file), now - index, now - index);
      }),
    );

    const reopened = await TrackedBlockstore.open(directory);
    // Used at once, before the background index is done.
    const added = await block('added while indexing', 5000);
    const [deleted] = blocks;
    assert.ok(deleted);
    await Promise.all([reopened.put(added.cid, added.bytes), reopened.delete(deleted.cid)]);

    const expectedBlocks = [...blocks.slice(1)].reverse();
    const expectedBytes = expectedBlocks.reduce((sum, { bytes }) => sum + bytes.length, 0) + 5000;
    assert.equal(await reopened.totalBytes(), expectedBytes);
    assert.deepEqual(keys(await reopened.leastRecentlyUsed()), keys([...expectedBlocks, added]));
    await reopened.close();
  });

  it('reads a block whole in one piece, says NotFoundError for one it lacks, and stops at a signal', async () => {
    const store = await TrackedBlockstore.open(await temporaryDirectory());
    const large = await block('large', 256 * 1024 + 14);
    await store.put(large.cid, large.bytes);
    const pieces: Uint8Array[] = [];
    for await (const piece of store.get(large.cid)) pieces.push(piece);
    assert.equal(pieces.length, 1, 'one piece, not a 64 KiB stream');
    assert.ok(Buffer.from(pieces[0] as Uint8Array).equals(large.bytes));

    const absent = await block('never stored');
    await assert.rejects(readAll(store.get(absent.cid)), { name: 'NotFoundError' });

    const controller = new AbortController();
    controller.abort(new Error('the listener skipped'));
    await assert.rejects(readAll(store.get(large.cid, { signal: controller.signal })), {
      message: 'the listener skipped',
    });
    await store.close();
  });
});
