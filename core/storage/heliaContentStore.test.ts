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
import { readAll, seededBytes, unevenChunks } from './testSupport/testBytes';

const KiB = 1024;
const MiB = 1024 * KiB;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  it('tells the caller, and only the caller, of a peer it could not reach at start', async () => {
    // A peer id that listens nowhere: port 9 (discard) on loopback refuses the dial.
    const absent = await createHeliaContentStore({ directory: await temporaryDirectory() });
    const address = `/ip4/127.0.0.1/tcp/9/p2p/${absent.peerId}`;
    await absent.close();
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args);
    const told: string[] = [];
    const store = await createHeliaContentStore({
      directory: await temporaryDirectory(),
      keepConnected: [address],
      onPeerUnreachable: (unreachable) => told.push(unreachable),
    });
    try {
      for (let waited = 0; told.length === 0 && waited < 10_000; waited += 50) await sleep(50);
      assert.deepEqual(told, [address]);
      assert.deepEqual(warned, [], 'nothing technical on the console');
    } finally {
      console.warn = warn;
      await store.close();
    }
  });

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

  it('keeps to its cache limit as it adds: unpinned content goes, pinned and newest content stays', async () => {
    const limit = 2 * MiB;
    const store = await createHeliaContentStore({
      directory: await temporaryDirectory(),
      cacheLimitBytes: limit,
    });
    try {
      const pinnedBytes = seededBytes(600 * KiB, 'pinned under a limit');
      const pinned = await store.add([pinnedBytes], { pin: true });
      const older = await store.add([seededBytes(600 * KiB, 'older under a limit')]);
      assert.equal(await store.has(older), true, 'within the limit nothing goes');

      const newestBytes = seededBytes(1 * MiB, 'newest under a limit');
      const newest = await store.add([newestBytes]);
      assert.equal(await store.has(older), false, 'the add past the limit evicted the older unpinned file');
      assert.ok((await store.cacheSize()) <= limit);
      assert.ok((await readAll(store.read(pinned))).equals(pinnedBytes));
      assert.ok((await readAll(store.read(newest))).equals(newestBytes));

      // A file bigger than the limit itself is kept whole: it is what was just added.
      const hugeBytes = seededBytes(3 * MiB, 'bigger than the limit');
      const huge = await store.add(unevenChunks(hugeBytes));
      assert.equal(await store.has(newest), false);
      assert.equal(await store.has(huge), true);
      assert.ok((await readAll(store.read(huge))).equals(hugeBytes));
      assert.equal(await store.isPinned(pinned), true);
      assert.ok((await readAll(store.read(pinned))).equals(pinnedBytes));
    } finally {
      await store.close();
    }
  });

  it('keeps to a limit set later, after a read that fetched blocks from a peer', async () => {
    const serving = await createHeliaContentStore({ directory: await temporaryDirectory() });
    const store = await createHeliaContentStore({
      directory: await temporaryDirectory(),
      cacheLimitBytes: 8 * MiB,
    });
    try {
      const pinned = await store.add([seededBytes(300 * KiB, 'pinned before reading')], { pin: true });
      const older = await store.add([seededBytes(300 * KiB, 'older than the read')]);
      assert.equal((await store.setCacheLimit(1 * MiB)).removedBlocks, 0);
      assert.equal(await store.has(older), true, 'within the limit nothing goes');

      const fetchedBytes = seededBytes(600 * KiB, 'fetched from a peer');
      const fetched = await serving.add([fetchedBytes]);
      await store.connectPeer(serving.listenAddresses()[0] ?? '', { signal: AbortSignal.timeout(10_000) });
      assert.ok(
        (await readAll(store.read(fetched, { signal: AbortSignal.timeout(15_000) }))).equals(fetchedBytes),
      );
      // The read's collection runs behind it, so the player's next bytes never wait for it.
      const deadline = Date.now() + 5_000;
      while ((await store.has(older)) && Date.now() < deadline) await sleep(20);
      assert.equal(await store.has(older), false, 'reading past the limit evicted older unpinned content');
      assert.equal(await store.has(fetched), true, 'the content just read stays');
      assert.equal(await store.has(pinned), true);
    } finally {
      await store.close();
      await serving.close();
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
    assert.deepEqual(httpOptions().delegatedRouters, []);
    assert.deepEqual(httpOptions().recursiveGateways, []);
    // A network's seeds add their gateways, never a public router or gateway…
    assert.deepEqual(httpOptions(['http://198.51.100.10:8080']).recursiveGateways, [
      'http://198.51.100.10:8080',
    ]);
    assert.deepEqual(httpOptions(['http://198.51.100.10:8080']).delegatedRouters, []);
    // …unless the network description says publicIpfs.
    assert.equal(httpOptions([], true).delegatedRouters, undefined, "Helia's default public router");
    assert.ok((httpOptions([], true).recursiveGateways ?? []).length > 0);
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
