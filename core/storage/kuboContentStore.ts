/**
 * The external backend: a Kubo node (or anything speaking its RPC API) driven through
 * kubo-rpc-client. Files are added with the layout in `unixfsLayout.ts`, so CIDs match Helia's.
 *
 * Kubo runs its own garbage collector, which removes every unpinned block at once: here the
 * cache limit only decides whether to run it, so `collectGarbage` is best-effort about the limit
 * (it never keeps more than the limit, but may keep far less).
 */
import { multiaddr } from '@multiformats/multiaddr';
import { create } from 'kubo-rpc-client';
import type { ContentStore, GarbageCollection } from './contentStore';
import { localityCheckFor } from './kuboLocality';
import { parseCid, validateCacheLimit, validateRange } from './storageInput';
import { kuboAddOptions } from './unixfsLayout';

export interface KuboContentStoreOptions {
  /** The RPC API, e.g. `http://127.0.0.1:5001` (Kubo's `Addresses.API`). */
  url: string;
}

export async function createKuboContentStore(options: KuboContentStoreOptions): Promise<ContentStore> {
  const client = create({ url: options.url });
  let identity: Awaited<ReturnType<typeof client.id>>;
  try {
    identity = await client.id();
  } catch (error) {
    const hint = `Cannot reach the IPFS node at ${options.url}: is Kubo running there?`;
    throw new Error(`${hint} (${String(error)})`, { cause: error });
  }
  const peerId = identity.id.toString();
  const addresses = identity.addresses.map((address) =>
    address.toString().includes('/p2p/') ? address.toString() : `${address.toString()}/p2p/${peerId}`,
  );
  const holdsLocally = localityCheckFor(client, identity.agentVersion);

  async function cacheSize(): Promise<number> {
    return Number((await client.repo.stat()).repoSize);
  }

  async function collectGarbage(limitBytes: number): Promise<GarbageCollection> {
    validateCacheLimit(limitBytes);
    const before = await cacheSize();
    if (before <= limitBytes) return { removedBlocks: 0, removedBytes: 0, cacheBytes: before };
    let removedBlocks = 0;
    for await (const removed of client.repo.gc()) {
      if (removed.err) throw new Error(`The IPFS node failed to collect garbage: ${removed.err.message}`);
      removedBlocks += 1;
    }
    const after = await cacheSize();
    return { removedBlocks, removedBytes: Math.max(0, before - after), cacheBytes: after };
  }

  return {
    async add(source, addOptions = {}) {
      const result = await client.add(
        { content: source },
        { ...kuboAddOptions, pin: addOptions.pin === true, signal: addOptions.signal },
      );
      return result.cid.toV1().toString();
    },

    async *read(cid, readOptions = {}) {
      const root = parseCid(cid);
      const { offset, length } = validateRange(readOptions);
      if (length === 0) return;
      yield* client.cat(root, { offset, length, signal: readOptions.signal });
    },

    async fileSize(cid, sizeOptions = {}) {
      const stats = await client.files.stat(`/ipfs/${parseCid(cid)}`, { signal: sizeOptions.signal });
      return stats.size;
    },

    async has(cid, hasOptions = {}) {
      return holdsLocally(parseCid(cid), hasOptions.signal);
    },

    async pin(cid, pinOptions = {}) {
      await client.pin.add(parseCid(cid), { recursive: true, signal: pinOptions.signal });
    },

    async unpin(cid) {
      try {
        await client.pin.rm(parseCid(cid), { recursive: true });
      } catch (error) {
        if (!isNotPinned(error)) throw error;
      }
    },

    async isPinned(cid) {
      try {
        for await (const _ of client.pin.ls({ paths: [parseCid(cid)], type: 'recursive' })) return true;
        return false;
      } catch (error) {
        if (isNotPinned(error)) return false;
        throw error;
      }
    },

    cacheSize,

    collectGarbage,

    // Kubo collects on its own schedule (`ipfs daemon --enable-gc`, `Datastore.StorageMax`); a
    // collection after every add would empty the node's whole cache each time.
    setCacheLimit: collectGarbage,

    async connectPeer(address, connectOptions = {}) {
      await client.swarm.connect(multiaddr(address), { signal: connectOptions.signal });
    },

    listenAddresses() {
      return [...addresses];
    },

    async close() {
      // The client holds no connection of its own between requests; the node keeps running.
    },
  };
}

function isNotPinned(error: unknown): boolean {
  return error instanceof Error && /not pinned/i.test(error.message);
}
