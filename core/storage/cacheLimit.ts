/**
 * The embedded store's cache limit, which the store keeps by itself: after an add, and after a
 * read that fetched blocks from peers, it collects down to the limit. What is being added or read
 * meanwhile is held in use, and collection spares it as it spares pinned content.
 */
import type { CID } from 'multiformats/cid';
import type { GarbageCollection } from './contentStore';
import { validateCacheLimit } from './storageInput';

export interface CacheLimitInit {
  /** Bytes; null keeps everything until a limit is set. */
  limitBytes: number | null;
  /** Blocks written so far: a look at the cache is only worth it when this has moved. */
  writeCount(): number;
  cacheBytes(): Promise<number>;
  /** Collects unpinned blocks, sparing those `inUse()` reaches, down to the limit. */
  collect(limitBytes: number): Promise<GarbageCollection>;
  /** Told when a collection run in the background failed. */
  onProblem(error: unknown): void;
}

export class CacheLimit {
  private limitBytes: number | null;
  private readonly held = new Map<string, { root: CID; holders: number }>();
  /** The write count at the last look that found the cache within its limit (or brought it there). */
  private writesSeen = -1;
  /** Looks and new limits run one after another: the second of two adds waits for the first's collection. */
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly init: CacheLimitInit) {
    this.limitBytes = init.limitBytes === null ? null : validateCacheLimit(init.limitBytes);
  }

  /** Sets the limit and collects down to it at once, after the looks already asked for. */
  apply(limitBytes: number): Promise<GarbageCollection> {
    this.limitBytes = validateCacheLimit(limitBytes);
    return this.queue(() => this.init.collect(limitBytes));
  }

  /** Marks `root`'s DAG as in use until the returned function is called. */
  hold(root: CID): () => void {
    const key = root.toString();
    const entry = this.held.get(key) ?? { root, holders: 0 };
    entry.holders += 1;
    this.held.set(key, entry);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.holders -= 1;
      if (entry.holders === 0) this.held.delete(key);
    };
  }

  /** The roots of the DAGs being added or read now. */
  inUse(): CID[] {
    return Array.from(this.held.values(), (entry) => entry.root);
  }

  /** When blocks arrived since the last look and the cache is over its limit, collects down to it. */
  keep(): Promise<void> {
    return this.queue(() => this.look());
  }

  /** `keep` in the background, for reads: the player's next bytes never wait for a collection. */
  keepSoon(): Promise<void> {
    return this.keep().catch((error: unknown) => this.init.onProblem(error));
  }

  /** Waits for the looks already asked for. */
  async settled(): Promise<void> {
    await this.tail;
  }

  private queue<T>(work: () => Promise<T>): Promise<T> {
    const done = this.tail.then(work);
    this.tail = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async look(): Promise<void> {
    const limit = this.limitBytes;
    const writes = this.init.writeCount();
    if (limit === null || writes === this.writesSeen) return;
    if ((await this.init.cacheBytes()) > limit) await this.init.collect(limit);
    this.writesSeen = writes;
  }
}
