/**
 * A content store that starts on first need: every call starts it (once) and waits for it. The
 * backend opens its library at once and the IPFS node only when there is something for it to do
 * (a network to serve, a catalogue track to fetch, the cache size asked), so library features
 * never wait for it and a library-only host never loads it.
 */
import { startOnce } from '../../base/startOnce';
import type { ContentStore } from '../storage/contentStore';

export interface LazyContentStore extends ContentStore {
  /** Resolves once the real store has started (rejects when it could not); starts nothing itself. */
  readonly ready: Promise<ContentStore>;
  /** Starts the real store, once, and resolves with it. */
  start(): Promise<ContentStore>;
}

export function lazyContentStore(open: () => Promise<ContentStore>): LazyContentStore {
  let started: ContentStore | null = null;
  const once = startOnce(() => open().then((store) => (started = store)));
  const start = once.start;
  return {
    ready: once.ready,
    start,
    add: async (source, options) => (await start()).add(source, options),
    async *read(cid, options) {
      yield* (await start()).read(cid, options);
    },
    fileSize: async (cid, options) => (await start()).fileSize(cid, options),
    has: async (cid, options) => (await start()).has(cid, options),
    pin: async (cid, options) => (await start()).pin(cid, options),
    unpin: async (cid) => (await start()).unpin(cid),
    isPinned: async (cid) => (await start()).isPinned(cid),
    cacheSize: async () => (await start()).cacheSize(),
    collectGarbage: async (limitBytes) => (await start()).collectGarbage(limitBytes),
    setCacheLimit: async (limitBytes) => (await start()).setCacheLimit(limitBytes),
    connectPeer: async (address, options) => (await start()).connectPeer(address, options),
    listenAddresses: () => started?.listenAddresses() ?? [],
    async close() {
      await (await once.started())?.close();
    },
  };
}
