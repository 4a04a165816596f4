import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createHeliaContentStore } from './heliaContentStore';
import { startPeerProcess } from './testSupport/peerProcessClient';
import { readAll, seededBytes } from './testSupport/testBytes';
import { CHUNK_SIZE_BYTES } from './unixfsLayout';

const MiB = 1024 * 1024;

describe('Helia peers in separate processes on loopback', () => {
  it('fetch a file from a peer by ranges, pin it, and keep it once the peer is gone', async () => {
    const size = 3 * MiB + 5;
    const seed = 'shared between processes';
    const bytes = seededBytes(size, seed);
    const peer = await startPeerProcess();
    const directory = await mkdtemp(join(tmpdir(), 'busker-listener-'));
    const listener = await createHeliaContentStore({ directory });
    try {
      const cid = await peer.call('addSeeded', { size, seed });
      assert.equal(await listener.has(cid), false, 'the listener has never seen the file');

      const [address] = peer.addresses;
      assert.ok(address);
      await listener.connectPeer(address, { signal: AbortSignal.timeout(10_000) });
      const ranges: [offset: number, length: number | undefined][] = [
        [0, 100],
        [CHUNK_SIZE_BYTES - 4, 8],
        [1 * MiB, 300 * 1024],
        [size - 7, undefined],
      ];
      for (const [offset, length] of ranges) {
        const signal = AbortSignal.timeout(15_000);
        const expected = bytes.subarray(offset, length === undefined ? undefined : offset + length);
        assert.ok(
          (await readAll(listener.read(cid, { offset, length, signal }))).equals(expected),
          `${offset}+${length}`,
        );
      }
      assert.equal(await listener.fileSize(cid, { signal: AbortSignal.timeout(15_000) }), size);
      assert.equal(await listener.has(cid), false, 'ranged reads fetched only part of the file');

      await listener.pin(cid, { signal: AbortSignal.timeout(30_000) });
      assert.equal(await listener.isPinned(cid), true);
      assert.equal(await listener.has(cid), true);

      await peer.kill();
      // Every block the pin walked, fetched or already held, is kept by garbage collection.
      await listener.collectGarbage(0);
      assert.ok((await readAll(listener.read(cid, { signal: AbortSignal.timeout(15_000) }))).equals(bytes));
      assert.equal(await listener.has(cid), true);
      assert.ok((await listener.cacheSize()) >= size);
    } finally {
      await listener.close();
      await peer.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('a read cancelled while waiting for a block leaves another read of that block waiting', async () => {
    const size = 300 * 1024;
    const seed = 'wanted twice';
    const peer = await startPeerProcess();
    const directory = await mkdtemp(join(tmpdir(), 'busker-listener-'));
    const listener = await createHeliaContentStore({ directory });
    try {
      const cid = await peer.call('addSeeded', { size, seed });
      // Both reads want the same first leaf, which no connected peer has yet.
      const cancelled = new AbortController();
      const first = readAll(listener.read(cid, { offset: 10, length: 100, signal: cancelled.signal }));
      const second = readAll(
        listener.read(cid, { offset: 0, length: 50, signal: AbortSignal.timeout(20_000) }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      cancelled.abort(new Error('seeked elsewhere'));
      await assert.rejects(first, /seeked elsewhere/);

      const [address] = peer.addresses;
      assert.ok(address);
      await listener.connectPeer(address, { signal: AbortSignal.timeout(10_000) });
      assert.ok((await second).equals(seededBytes(size, seed).subarray(0, 50)));
    } finally {
      await listener.close();
      await peer.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('a peer process closes its store and exits on its own, leaving nothing open', async () => {
    const peer = await startPeerProcess();
    try {
      const cid = await peer.call('addSeeded', { size: 1000, seed: 'closing' });
      assert.equal(await peer.call('has', { cid }), true);
      const exitMs = await peer.close();
      // libp2p 3 keeps a one-second debounce timer after stopping; anything longer is a leak.
      assert.ok(exitMs < 5_000, `the process took ${Math.round(exitMs)} ms to exit after close`);
    } finally {
      await peer.dispose();
    }
  });
});
