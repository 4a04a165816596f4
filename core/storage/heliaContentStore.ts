/**
 * The embedded backend: a Helia node whose blocks and datastore live under one directory.
 * Garbage collection is ours (Helia 7 never collects on its own): unpinned blocks go, least
 * recently used first, until the cache fits its limit.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { multiaddr } from '@multiformats/multiaddr';
import type { CID } from 'multiformats/cid';
import type { AddOptions, ContentStore, GarbageCollection, ReadOptions } from './contentStore';
import { holdsWholeDag } from './dagLocality';
import { DEFAULT_LISTEN, openHeliaDatastore, startHeliaNode } from './heliaNode';
import type { HeliaNode } from './heliaNode';
import { ReadWriteLock } from './readWriteLock';
import { parseCid, validateRange } from './storageInput';
import { TrackedBlockstore } from './trackedBlockstore';
import { heliaImportOptions } from './unixfsLayout';

export const BLOCKS_DIRECTORY = 'blocks';

export interface HeliaContentStoreOptions {
  /** Holds the blocks, the datastore (pins, peer book) and the peer key. Created if missing. */
  directory: string;
  /** Multiaddrs to listen on; loopback only unless told otherwise. */
  listen?: string[];
  /** Peers to dial at start; none by default, so the node never reaches the public network. */
  bootstrap?: string[];
}

/** A Helia-backed store plus the node under it, for tests and benchmarks that need to look inside. */
export interface HeliaContentStore extends ContentStore {
  readonly helia: HeliaNode;
  readonly peerId: string;
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
      bootstrap: options.bootstrap ?? [],
    });
  } catch (error) {
    await Promise.all([blocks.close(), datastore.close()]);
    throw error;
  }
  const fs = unixfs(helia);
  // Adds and pins hold it shared; collection holds it alone, so it never deletes blocks that
  // were just written but not yet pinned.
  const collection = new ReadWriteLock();
  let closed: Promise<void> | undefined;

  async function pinRoot(cid: CID, signal?: AbortSignal): Promise<void> {
    try {
      for await (const _ of helia.pins.add(cid, { signal })) {
        // Each step fetches (if needed) and pins one block; we only need it finished.
      }
    } catch (error) {
      if (!isNamed(error, 'AlreadyPinnedError')) throw abortReasonOr(error, signal);
    }
  }

  return {
    helia,
    peerId: helia.libp2p.peerId.toString(),

    async add(source, addOptions: AddOptions = {}) {
      return collection.shared(async () => {
        const cid = await fs.addByteStream(source, { ...heliaImportOptions(), signal: addOptions.signal });
        if (addOptions.pin) await pinRoot(cid, addOptions.signal);
        return cid.toString();
      });
    },

    async *read(cid, readOptions: ReadOptions = {}) {
      const root = parseCid(cid);
      const { offset, length } = validateRange(readOptions);
      if (length === 0) return;
      try {
        yield* fs.cat(root, { offset, length, signal: readOptions.signal });
      } catch (error) {
        throw abortReasonOr(error, readOptions.signal);
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
      return collection.shared(() => pinRoot(root, pinOptions.signal));
    },

    async unpin(cid) {
      try {
        for await (const _ of helia.pins.rm(parseCid(cid))) {
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

    async collectGarbage(limitBytes) {
      if (!Number.isFinite(limitBytes) || limitBytes < 0) {
        throw new RangeError(`The cache limit must be a number of bytes, 0 or more; got ${limitBytes}.`);
      }
      return collection.exclusive(async (): Promise<GarbageCollection> => {
        let removedBlocks = 0;
        let removedBytes = 0;
        for (const block of await blocks.leastRecentlyUsed()) {
          if ((await blocks.totalBytes()) <= limitBytes) break;
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
    },

    async connectPeer(address, connectOptions = {}) {
      await helia.libp2p.dial(multiaddr(address), { signal: connectOptions.signal });
    },

    listenAddresses() {
      return helia.libp2p.getMultiaddrs().map((address) => address.toString());
    },

    close() {
      closed ??= (async () => {
        await helia.stop();
        await Promise.all([blocks.close(), datastore.close()]);
      })();
      return closed;
    },
  };
}

/** Helia reports an aborted fetch as "failed to load block"; the caller asked for the abort, so say so. */
function abortReasonOr(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? signal.reason : error;
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
