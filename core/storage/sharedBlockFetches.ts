/**
 * Helia's bitswap keeps one want per block for everyone waiting on it, and withdraws it when any
 * one waiter's signal aborts: a read cancelled by a seek stalled every other read of the same
 * block (the new read after the seek, most often) until its own timeout. Reads go through this
 * blockstore instead: one fetch per block at a time, under a signal of its own that aborts only
 * when the last read waiting on it has gone. Each read still stops at its own signal.
 */
import type { CID } from 'multiformats/cid';
import { untilAborted } from '../../base/untilAborted';
import type { HeliaNode } from './heliaNode';

type Blocks = HeliaNode['blockstore'];
type GetOptions = NonNullable<Parameters<Blocks['get']>[1]>;

interface Fetch {
  bytes: Promise<Uint8Array>;
  waiting: number;
  controller: AbortController;
}

export function sharedBlockFetches(blocks: Blocks): Pick<Blocks, 'get' | 'put' | 'has'> {
  const fetches = new Map<string, Fetch>();

  function start(key: string, cid: CID, options: GetOptions): Fetch {
    const controller = new AbortController();
    const fetch: Fetch = {
      bytes: collect(blocks.get(cid, { ...options, signal: controller.signal })),
      waiting: 0,
      controller,
    };
    const done = () => {
      if (fetches.get(key) === fetch) fetches.delete(key);
    };
    // Also marks a failure as handled: a fetch every reader has left may still reject.
    fetch.bytes.then(done, done);
    fetches.set(key, fetch);
    return fetch;
  }

  return {
    put: (...args) => blocks.put(...args),
    has: (...args) => blocks.has(...args),
    async *get(cid, options = {}) {
      options.signal?.throwIfAborted();
      const key = cid.toString();
      const fetch = fetches.get(key) ?? start(key, cid, options);
      fetch.waiting += 1;
      let bytes: Uint8Array;
      try {
        bytes = await untilAborted(fetch.bytes, options.signal);
      } finally {
        fetch.waiting -= 1;
        if (fetch.waiting === 0) {
          // Gone at once, so a read that comes next starts a fetch of its own.
          if (fetches.get(key) === fetch) fetches.delete(key);
          fetch.controller.abort();
        }
      }
      yield bytes;
    },
  };
}

async function collect(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}
