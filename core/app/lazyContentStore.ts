/**
 * A content store that is still starting: every call waits for the real one. The backend opens
 * its library at once and starts IPFS in the background, so library features never wait for it.
 */
import type { ContentStore } from '../storage/contentStore';

export interface LazyContentStore extends ContentStore {
  /** Resolves once the real store has started (rejects when it could not). */
  readonly ready: Promise<ContentStore>;
}

export function lazyContentStore(starting: Promise<ContentStore>): LazyContentStore {
  let started: ContentStore | null = null;
  const ready = starting.then((store) => (started = store));
  // A failed start is reported by whoever awaits `ready`; not an unhandled rejection here.
  ready.catch(() => undefined);
  return {
    ready,
    add: async (source, options) => (await ready).add(source, options),
    async *read(cid, options) {
      yield* (await ready).read(cid, options);
    },
    fileSize: async (cid, options) => (await ready).fileSize(cid, options),
    has: async (cid, options) => (await ready).has(cid, options),
    pin: async (cid, options) => (await ready).pin(cid, options),
    unpin: async (cid) => (await ready).unpin(cid),
    isPinned: async (cid) => (await ready).isPinned(cid),
    cacheSize: async () => (await ready).cacheSize(),
    collectGarbage: async (limitBytes) => (await ready).collectGarbage(limitBytes),
    setCacheLimit: async (limitBytes) => (await ready).setCacheLimit(limitBytes),
    connectPeer: async (address, options) => (await ready).connectPeer(address, options),
    listenAddresses: () => started?.listenAddresses() ?? [],
    async close() {
      const store = await ready.catch(() => null);
      await store?.close();
    },
  };
}
