/**
 * The behaviour every ContentStore backend owes its callers, as one suite each backend's test
 * file runs with its own factory. Each suite gets one fresh store, used by its tests in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContentStore } from '../contentStore';
import { CHUNK_SIZE_BYTES } from '../unixfsLayout';
import { referenceCid } from './referenceCid';
import { readAll, seededBytes, unevenChunks } from './testBytes';

export interface StoreUnderTest {
  store: ContentStore;
  /** Closes the store and removes whatever it left on disk. */
  dispose(): Promise<void>;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export function describeContentStoreContract(backend: string, open: () => Promise<StoreUnderTest>): void {
  describe(`ContentStore contract: ${backend}`, () => {
    let subject: StoreUnderTest;
    let store: ContentStore;
    before(async () => {
      subject = await open();
      store = subject.store;
    });
    after(() => subject?.dispose());

    it('reads back exactly what it added, for sizes around the chunk size', async () => {
      for (const size of [0, 1, CHUNK_SIZE_BYTES - 1, CHUNK_SIZE_BYTES, CHUNK_SIZE_BYTES + 1, 3 * MiB + 17]) {
        const bytes = seededBytes(size, `round trip ${size}`);
        const cid = await store.add(unevenChunks(bytes));
        assert.equal(cid, await referenceCid(bytes), `CID of ${size} bytes`);
        assert.ok((await readAll(store.read(cid))).equals(bytes), `bytes of a ${size}-byte file`);
        assert.equal(await store.fileSize(cid), size);
      }
    });

    it('reads ranges that start, end and cross chunk boundaries', async () => {
      const bytes = seededBytes(2 * MiB + 12_345, 'ranges');
      const cid = await store.add([bytes]);
      const chunk = CHUNK_SIZE_BYTES;
      const ranges: [offset: number, length: number | undefined][] = [
        [0, 1],
        [chunk - 10, 20],
        [chunk, 1],
        [chunk - 1, chunk + 2],
        [3 * chunk + 5, 3 * chunk],
        [bytes.length - 5, 5],
        [bytes.length - 5, 500],
        [bytes.length, 10],
        [7 * chunk + 3, undefined],
        [0, 0],
      ];
      for (const [offset, length] of ranges) {
        const expected = bytes.subarray(offset, length === undefined ? undefined : offset + length);
        const actual = await readAll(store.read(cid, { offset, length }));
        assert.ok(actual.equals(expected), `range ${offset}+${length}: got ${actual.length} bytes`);
      }
      await assert.rejects(readAll(store.read(cid, { offset: bytes.length + 1 })));
    });

    it('says whether it holds a file, without asking the network', async () => {
      const bytes = seededBytes(600 * KiB, 'held');
      const cid = await store.add([bytes]);
      assert.equal(await store.has(cid), true);
      const neverAdded = await referenceCid(seededBytes(600 * KiB, 'never added'));
      assert.equal(await store.has(neverAdded, { signal: AbortSignal.timeout(10_000) }), false);
    });

    it('pins, reports pins and unpins, and adds pinned when asked', async () => {
      const cid = await store.add([seededBytes(300 * KiB, 'pin me')]);
      assert.equal(await store.isPinned(cid), false);
      await store.pin(cid);
      await store.pin(cid);
      assert.equal(await store.isPinned(cid), true);
      await store.unpin(cid);
      assert.equal(await store.isPinned(cid), false);
      await store.unpin(cid);
      const pinnedOnAdd = await store.add([seededBytes(300 * KiB, 'pinned on add')], { pin: true });
      assert.equal(await store.isPinned(pinnedOnAdd), true);
    });

    it('counts added blocks in its cache size', async () => {
      const before = await store.cacheSize();
      await store.add([seededBytes(1 * MiB, 'grow the cache')]);
      assert.ok((await store.cacheSize()) >= before + 1 * MiB, 'the cache grew by at least the file');
    });

    it('rejects a malformed CID or range in plain words', async () => {
      await assert.rejects(readAll(store.read('not-a-cid')), /"not-a-cid" is not a CID/);
      await assert.rejects(store.has('not-a-cid'), /is not a CID/);
      const cid = await store.add([seededBytes(10, 'tiny')]);
      await assert.rejects(readAll(store.read(cid, { offset: -1 })), /0 or more/);
    });

    it('collects unpinned content past the limit and never pinned content', async () => {
      const untouched = await store.collectGarbage(await store.cacheSize());
      assert.deepEqual({ ...untouched, cacheBytes: 0 }, { removedBlocks: 0, removedBytes: 0, cacheBytes: 0 });

      const keptBytes = seededBytes(700 * KiB, 'kept');
      const kept = await store.add([keptBytes], { pin: true });
      const evicted = await store.add([seededBytes(700 * KiB, 'evicted')]);
      const collection = await store.collectGarbage(0);
      assert.ok(
        collection.removedBlocks > 0 && collection.removedBytes >= 700 * KiB,
        JSON.stringify(collection),
      );
      assert.equal(collection.cacheBytes, await store.cacheSize());
      assert.equal(await store.has(evicted), false);
      assert.equal(await store.has(kept), true);
      assert.ok((await readAll(store.read(kept))).equals(keptBytes));
      assert.equal(await store.isPinned(kept), true);
    });

    it('applies a new cache limit at once, keeping pinned content', async () => {
      const kept = await store.add([seededBytes(400 * KiB, 'kept by its pin')], { pin: true });
      const dropped = await store.add([seededBytes(400 * KiB, 'dropped by the new limit')]);
      const collection = await store.setCacheLimit(0);
      assert.ok(collection.removedBytes >= 400 * KiB, JSON.stringify(collection));
      assert.equal(await store.has(dropped), false);
      assert.equal(await store.has(kept), true);
      await assert.rejects(store.setCacheLimit(-1), /0 or more/);
    });
  });
}
