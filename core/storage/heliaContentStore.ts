/**
 * The embedded backend: a Helia node whose blocks and datastore live under one directory.
 * Garbage collection is ours (Helia 7 never collects on its own): unpinned blocks go, least
 * recently used first, until the cache fits its limit. With a limit set, the store collects by
 * itself after each add, pin, and read that fetched blocks from peers (see `cacheLimit.ts`).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { multiaddr } from '@multiformats/multiaddr';
import type { CID } from 'multiformats/cid';
import type { AddOptions, ContentStore, GarbageCollection, ReadOptions } from './contentStore';
import { CacheLimit } from './cacheLimit';
import { blockKey, dagBlockKeys, holdsWholeDag } from './dagLocality';
import { DEFAULT_LISTEN, openHeliaDatastore, startHeliaNode } from './heliaNode';
import type { ConnectionLimits, HeliaNode } from './heliaNode';
import { ReadWriteLock } from '../../base/readWriteLock';
import { largePieces } from './largePieces';
import { leafSkippingWalker } from './pinWalker';
import { sharedBlockFetches } from './sharedBlockFetches';
import { parseCid, validateCacheLimit, validateRange } from './storageInput';
import { TrackedBlockstore } from './trackedBlockstore';
import { heliaImportOptions } from './unixfsLayout';

export const BLOCKS_DIRECTORY = 'blocks';

export interface HeliaContentStoreOptions {
  /** Holds the blocks, the datastore (pins, peer book) and the peer key. Created if missing. */
  directory: string;
  /** Multiaddrs to listen on; loopback only unless told otherwise. */
  listen?: string[];
  /** Addresses told to peers instead of the listening ones (a seed's public addresses). */
  announce?: string[];
  /** Peers to dial at start; none by default, so the node never reaches the public network. */
  bootstrap?: string[];
  /** Peers to stay connected to (a network's seeds): dialled at start and again whenever dropped. */
  keepConnected?: string[];
  /**
   * Told when a peer dialled at start cannot be reached. None by default: the app's peer dials
   * name a peer that is down in the user's words themselves (core/app/peerDials.ts).
   */
  onPeerUnreachable?: (address: string) => void;
  /** Trustless gateways to fall back on when no connected peer has a block (a network's seeds). */
  gateways?: string[];
  /** Whether the public IPFS network may be asked too. */
  publicIpfs?: boolean;
  /** Bytes the cache keeps to by itself (see `setCacheLimit`); no limit by default. */
  cacheLimitBytes?: number;
  /** libp2p's connection limits; its own (a server's, as seeds keep) by default. */
  connectionLimits?: ConnectionLimits;
}

/** A Helia-backed store plus the node under it, for tests and benchmarks that need to look inside. */
export interface HeliaContentStore extends ContentStore {
  readonly helia: HeliaNode;
  readonly peerId: string;
  /** The blocks held on disk, read without asking any peer (a gateway serves only these). */
  readonly localBlocks: TrackedBlockstore;
}

export async function createHeliaContentStore(options: HeliaContentStoreOptions): Promise<HeliaContentStore> {
  await mkdir(options.directory, { recursive: true });
  const blocks = await TrackedBlockstore.open(join(options.directory, BLOCKS_DIRECTORY));
  const datastore = await openHeliaDatastore(options.directory);
  let helia: HeliaNode;
  try {
    helia = await startHeliaNode({
      directory: options.directory,
      blockstore: blocks,
      datastore,
      listen: options.listen ?? DEFAULT_LISTEN,
      announce: options.announce ?? [],
      bootstrap: [...(options.bootstrap ?? []), ...(options.keepConnected ?? [])],
      ...(options.onPeerUnreachable ? { onUnreachable: options.onPeerUnreachable } : {}),
      gateways: options.gateways ?? [],
      publicIpfs: options.publicIpfs ?? false,
      ...(options.connectionLimits ? { connectionLimits: options.connectionLimits } : {}),
    });
  } catch (error) {
    await Promise.all([blocks.close(), datastore.close()]);
    throw error;
  }
  const stopKeepingConnected = keepConnected(helia, options.keepConnected ?? []);
  const fs = unixfs({ blockstore: sharedBlockFetches(helia.blockstore) });
  // Adds and pins hold it shared; collection holds it alone, so it never deletes blocks that
  // were just written but not yet pinned.
  const collection = new ReadWriteLock();
  let closed: Promise<void> | undefined;
  const cacheLimit = new CacheLimit({
    limitBytes: options.cacheLimitBytes ?? null,
    writeCount: () => blocks.writeCount,
    cacheBytes: () => blocks.totalBytes(),
    collect: (limitBytes) => collectGarbage(limitBytes),
    onProblem: (error) => console.warn(`Could not keep the IPFS cache to its limit: ${String(error)}`),
  });

  async function pinRoot(cid: CID, signal?: AbortSignal): Promise<void> {
    try {
      for await (const _ of helia.pins.add(cid, { signal, walker: leafSkippingWalker })) {
        // Each step fetches (if needed) and pins one block; we only need it finished.
      }
    } catch (error) {
      if (!isNamed(error, 'AlreadyPinnedError')) throw abortReasonOr(error, signal);
    }
  }

  async function collectGarbage(limitBytes: number): Promise<GarbageCollection> {
    validateCacheLimit(limitBytes);
    return collection.exclusive(async () => {
      const inUse = await dagBlockKeys(blocks, cacheLimit.inUse());
      let removedBlocks = 0;
      let removedBytes = 0;
      for (const block of await blocks.leastRecentlyUsed()) {
        if ((await blocks.totalBytes()) <= limitBytes) break;
        if (inUse.has(blockKey(block.cid))) continue;
        // Pins are counted per block, so this also spares blocks that a pinned DAG shares.
        if (await helia.pins.isPinned(block.cid)) continue;
        // Deleting below Helia's blockstore: its own delete asks content routers to stop
        // providing the block, and this node has none, so it would throw.
        await blocks.delete(block.cid);
        removedBlocks += 1;
        removedBytes += block.bytes;
      }
      return { removedBlocks, removedBytes, cacheBytes: await blocks.totalBytes() };
    });
  }

  return {
    helia,
    peerId: helia.libp2p.peerId.toString(),
    localBlocks: blocks,

    async add(source, addOptions: AddOptions = {}) {
      let release = () => {};
      const root = await collection.shared(async () => {
        const added = await fs.addByteStream(largePieces(source), {
          ...heliaImportOptions(),
          signal: addOptions.signal,
        });
        // Held before the shared lock is let go, so no collection can come between.
        release = cacheLimit.hold(added);
        if (addOptions.pin) await pinRoot(added, addOptions.signal);
        return added;
      });
      try {
        await cacheLimit.keep();
      } finally {
        release();
      }
      return root.toString();
    },

    async *read(cid, readOptions: ReadOptions = {}) {
      const root = parseCid(cid);
      const { offset, length } = validateRange(readOptions);
      if (length === 0) return;
      const release = cacheLimit.hold(root);
      try {
        yield* fs.cat(root, { offset, length, signal: readOptions.signal });
      } catch (error) {
        throw abortReasonOr(error, readOptions.signal);
      } finally {
        // What this read fetched stays held until the collection it may call for is done.
        if (closed) release();
        else void cacheLimit.keepSoon().finally(release);
      }
    },

    async fileSize(cid, sizeOptions = {}) {
      const root = parseCid(cid);
      try {
        return Number((await fs.stat(root, { signal: sizeOptions.signal })).size);
      } catch (error) {
        throw abortReasonOr(error, sizeOptions.signal);
      }
    },

    async has(cid, hasOptions = {}) {
      return holdsWholeDag(blocks, parseCid(cid), hasOptions.signal);
    },

    async pin(cid, pinOptions = {}) {
      const root = parseCid(cid);
      await collection.shared(() => pinRoot(root, pinOptions.signal));
      // The blocks fetched to pin may push the cache past its limit: unpinned ones make room.
      await cacheLimit.keep();
    },

    async unpin(cid) {
      try {
        for await (const _ of helia.pins.rm(parseCid(cid), { walker: leafSkippingWalker })) {
          // Each step unpins one block.
        }
      } catch (error) {
        if (!isNamed(error, 'NotFoundError')) throw error;
      }
    },

    async isPinned(cid) {
      try {
        await helia.pins.get(parseCid(cid));
        return true;
      } catch (error) {
        if (isNamed(error, 'NotFoundError')) return false;
        throw error;
      }
    },

    cacheSize() {
      return blocks.totalBytes();
    },

    collectGarbage,

    async setCacheLimit(limitBytes) {
      if (closed) throw new Error('The IPFS store is closed.');
      return cacheLimit.apply(limitBytes);
    },

    async connectPeer(address, connectOptions = {}) {
      await helia.libp2p.dial(multiaddr(address), { signal: connectOptions.signal });
    },

    listenAddresses() {
      return helia.libp2p.getMultiaddrs().map((address) => address.toString());
    },

    close() {
      closed ??= (async () => {
        stopKeepingConnected();
        await cacheLimit.settled();
        await helia.stop();
        await Promise.all([blocks.close(), datastore.close()]);
      })();
      return closed;
    },
  };
}

const redialEveryMs = 10_000;

/** Dials each address whose peer is not connected, now and every few seconds; returns the stop. */
function keepConnected(helia: HeliaNode, addresses: readonly string[]): () => void {
  if (addresses.length === 0) return () => {};
  const peers = addresses.map((address) => ({
    address: multiaddr(address),
    peerId: /\/p2p\/(\w+)$/.exec(address)?.[1] ?? null,
  }));
  const timer = setInterval(() => {
    for (const { address, peerId } of peers) {
      const connected =
        peerId !== null && helia.libp2p.getConnections().some((c) => c.remotePeer.toString() === peerId);
      if (!connected)
        helia.libp2p.dial(address, { signal: AbortSignal.timeout(redialEveryMs) }).catch(() => {});
    }
  }, redialEveryMs).unref();
  return () => clearInterval(timer);
}

/** Helia reports an aborted fetch as "failed to load block"; the caller asked for the abort, so say so. */
function abortReasonOr(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? signal.reason : error;
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
