import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { createHeliaContentStore } from './heliaContentStore';
import { DEFAULT_LISTEN, httpOptions, libp2pOptions } from './heliaNode';
import { PEER_KEY_FILE } from './peerIdentity';
import { describeContentStoreContract } from './testSupport/contentStoreContract';
import { referenceCid } from './testSupport/referenceCid';
import { readAll, seededBytes } from './testSupport/testBytes';

const KiB = 1024;

function isAbort(error: unknown): boolean {
  return error instanceof Error && /abort|timeout/i.test(`${error.name} ${error.message}`);
}
const directories: string[] = [];

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'busker-helia-'));
  directories.push(directory);
  return directory;
}

after(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describeContentStoreContract('embedded Helia', async () => {
  const directory = await temporaryDirectory();
  const store = await createHeliaContentStore({ directory });
  return {
    store,
    async dispose() {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

describe('Helia content store', () => {
  it('evicts the least recently used unpinned blocks first', async () => {
    const store = await createHeliaContentStore({ directory: await temporaryDirectory() });
    try {
      const older = await store.add([seededBytes(600 * KiB, 'older')]);
      const newer = await store.add([seededBytes(600 * KiB, 'newer')]);
      const pinned = await store.add([seededBytes(600 * KiB, 'pinned')], { pin: true });
      // Reading the older file makes it the most recently used.
      await readAll(store.read(older));
      const total = await store.cacheSize();

      const first = await store.collectGarbage(total - 600 * KiB);
      assert.ok(first.removedBytes >= 600 * KiB && first.removedBytes < 1200 * KiB, JSON.stringify(first));
      assert.equal(await store.has(newer), false);
      assert.equal(await store.has(older), true);

      const second = await store.collectGarbage(0);
      assert.equal(await store.has(older), false);
      assert.equal(await store.has(pinned), true);
      assert.equal(second.cacheBytes, await store.cacheSize());
      assert.ok(second.cacheBytes >= 600 * KiB, 'pinned blocks stay even past the limit');

      assert.deepEqual(await store.collectGarbage(0), {
        removedBlocks: 0,
        removedBytes: 0,
        cacheBytes: second.cacheBytes,
      });
    } finally {
      await store.close();
    }
  });

  it('keeps its peer identity, pins and blocks across a restart', async () => {
    const directory = await temporaryDirectory();
    const bytes = seededBytes(900 * KiB, 'survives');
    const first = await createHeliaContentStore({ directory });
    const pinned = await first.add([bytes], { pin: true });
    const unpinned = await first.add([seededBytes(300 * KiB, 'also survives')]);
    const cacheSize = await first.cacheSize();
    await first.close();

    const second = await createHeliaContentStore({ directory });
    try {
      assert.equal(second.peerId, first.peerId);
      assert.equal(await second.cacheSize(), cacheSize);
      assert.equal(await second.isPinned(pinned), true);
      assert.equal(await second.has(unpinned), true);
      assert.ok((await readAll(second.read(pinned))).equals(bytes));
    } finally {
      await second.close();
    }
  });

  it('gives up on a file no peer has once the caller aborts, asking no gateway meanwhile', async () => {
    const store = await createHeliaContentStore({ directory: await temporaryDirectory() });
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input, init) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    };
    try {
      const nobodyHasIt = await referenceCid(seededBytes(1000, 'nobody has this'));
      const started = performance.now();
      await assert.rejects(readAll(store.read(nobodyHasIt, { signal: AbortSignal.timeout(300) })), isAbort);
      await assert.rejects(store.fileSize(nobodyHasIt, { signal: AbortSignal.timeout(300) }), isAbort);
      assert.ok(performance.now() - started < 5_000);
      assert.equal(await store.has(nobodyHasIt), false);
      assert.deepEqual(fetched, [], 'no HTTP request (gateway, delegated routing) was made');
      assert.deepEqual(store.helia.libp2p.getDialQueue(), []);
    } finally {
      globalThis.fetch = realFetch;
      await store.close();
    }
  });

  it('dials the peers it is given at start, and only those', async () => {
    const serving = await createHeliaContentStore({ directory: await temporaryDirectory() });
    const bytes = seededBytes(300 * KiB, 'bootstrap');
    const cid = await serving.add([bytes]);
    const store = await createHeliaContentStore({
      directory: await temporaryDirectory(),
      bootstrap: serving.listenAddresses(),
    });
    try {
      assert.ok((await readAll(store.read(cid, { signal: AbortSignal.timeout(15_000) }))).equals(bytes));
      const peers = store.helia.libp2p.getPeers().map((peer) => peer.toString());
      assert.deepEqual(peers, [serving.peerId]);
    } finally {
      await store.close();
      await serving.close();
    }
  });

  it('keeps its peer key readable by its owner only', { skip: process.platform === 'win32' }, async () => {
    const directory = await temporaryDirectory();
    const store = await createHeliaContentStore({ directory });
    await store.close();
    assert.equal((await stat(join(directory, PEER_KEY_FILE))).mode & 0o777, 0o600);
  });

  it('reaches no network unless told to: no discovery, routing or gateways; loopback only', async () => {
    const options = libp2pOptions(await generateKeyPair('Ed25519'), DEFAULT_LISTEN);
    assert.deepEqual(options.peerDiscovery, []);
    assert.deepEqual(Object.keys(options.services), ['identify']);
    assert.equal(options.transports.length, 1);
    assert.deepEqual(httpOptions, { delegatedRouters: [], recursiveGateways: [] });
    assert.ok(DEFAULT_LISTEN.every((address) => address.startsWith('/ip4/127.0.0.1/')));

    const store = await createHeliaContentStore({ directory: await temporaryDirectory() });
    try {
      const addresses = store.listenAddresses();
      assert.ok(addresses.length > 0);
      for (const address of addresses) assert.match(address, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
      assert.equal(store.helia.hasRouter('delegated-http-router'), false);
      assert.equal(store.helia.hasRouter('fallback-router'), false);
      assert.deepEqual(Object.keys(store.helia.libp2p.services), ['identify']);
      // Give any discovery that slipped in a moment to act; nothing may dial out.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.deepEqual(store.helia.libp2p.getConnections(), []);
      assert.deepEqual(store.helia.libp2p.getDialQueue(), []);
    } finally {
      await store.close();
    }
  });
});
