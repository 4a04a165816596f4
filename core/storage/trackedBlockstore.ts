/**
 * The on-disk blockstore with the bookkeeping the cache limit needs: the size of every block and
 * the order in which blocks were last used. Helia writes every block through it (added ones and
 * those fetched from peers alike), so the total is exact without walking the disk again.
 *
 * After a restart the order comes from the files' modification times: a read moves a block to
 * the back of the queue in memory at once and, at most once a minute per block, on disk too.
 * Indexing the blocks already on disk runs in the background (some 15 ms per thousand blocks),
 * so opening a large cache does not delay startup; the totals wait for it.
 */
import { readFile } from 'node:fs';
import { readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { FsBlockstore } from 'blockstore-fs';
import { NextToLast } from 'blockstore-fs/sharding';
import type { HeliaInit } from 'helia';
import type { CID } from 'multiformats/cid';

type Blockstore = NonNullable<HeliaInit['blockstore']>;
type BlockBytes = Parameters<Blockstore['put']>[1];
type StoreOptions = Parameters<Blockstore['get']>[1];
type InputPairs = Parameters<Blockstore['putMany']>[0];
type OutputPair = Awaited<ReturnType<ReturnType<Blockstore['getMany']>['next']>>['value'] & object;

export interface BlockEntry {
  cid: CID;
  bytes: number;
}

/** Reads refresh a block's place on disk at most this often, so playback does not write per read. */
const PERSIST_USE_EVERY_MS = 60_000;
const SCAN_CONCURRENCY = 64;

export class TrackedBlockstore implements Blockstore {
  /** Keyed by the block's file name; iteration order is least recently used first. */
  private readonly entries = new Map<string, BlockEntry & { persistedUseMs: number }>();
  private total = 0;
  private written = 0;
  private readonly pendingTouches = new Set<Promise<void>>();
  /** Blocks deleted while the index was being built, which the scan may still have seen. */
  private deletedWhileIndexing: Set<string> | null = new Set();
  private readonly indexed: Promise<void>;

  private constructor(
    private readonly child: FsBlockstore,
    private readonly sharding: NextToLast,
  ) {
    this.indexed = this.indexExistingBlocks();
    // Awaited by every total; this only keeps an early failure from going unhandled meanwhile.
    this.indexed.catch(() => {});
  }

  /** Opens (creating if missing) the blockstore in `directory`; indexing starts in the background. */
  static async open(directory: string): Promise<TrackedBlockstore> {
    const sharding = new NextToLast();
    const child = new FsBlockstore(directory, { shardingStrategy: sharding });
    await child.open();
    return new TrackedBlockstore(child, sharding);
  }

  /** Bytes of all blocks held, pinned or not. */
  async totalBytes(): Promise<number> {
    await this.indexed;
    return this.total;
  }

  /** Blocks written since opening (added or fetched from peers): tells whether anything arrived since a look. */
  get writeCount(): number {
    return this.written;
  }

  async blockCount(): Promise<number> {
    await this.indexed;
    return this.entries.size;
  }

  /** A snapshot of the blocks, least recently used first. */
  async leastRecentlyUsed(): Promise<BlockEntry[]> {
    await this.indexed;
    return Array.from(this.entries.values(), ({ cid, bytes }) => ({ cid, bytes }));
  }

  async put(cid: CID, bytes: BlockBytes, options?: StoreOptions): Promise<CID> {
    const measured = measure(bytes);
    await this.child.put(cid, measured.bytes, options);
    this.record(cid, measured.size());
    return cid;
  }

  async *putMany(source: InputPairs, options?: StoreOptions): AsyncGenerator<CID> {
    for await (const { cid, bytes } of source) yield await this.put(cid, bytes, options);
  }

  /**
   * A block in one piece, read whole (open, stat, read, close) rather than through blockstore-fs's
   * 64 KiB file stream, which costs twice the thread-pool round trips and a copy to join the
   * pieces: a seed's gateway and a first byte wait on exactly this.
   */
  async *get(cid: CID, options?: StoreOptions): AsyncGenerator<Uint8Array> {
    options?.signal?.throwIfAborted();
    this.touch(cid);
    yield await this.readBlock(cid, options?.signal);
  }

  async *getMany(
    source: Iterable<CID> | AsyncIterable<CID>,
    options?: StoreOptions,
  ): AsyncGenerator<OutputPair> {
    for await (const cid of source) yield { cid, bytes: this.get(cid, options) };
  }

  getAll(options?: StoreOptions): ReturnType<Blockstore['getAll']> {
    return this.child.getAll(options);
  }

  has(cid: CID, options?: StoreOptions): Promise<boolean> {
    return this.child.has(cid, options);
  }

  async delete(cid: CID, options?: StoreOptions): Promise<void> {
    await this.child.delete(cid, options);
    const key = this.keyOf(cid);
    this.deletedWhileIndexing?.add(key);
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  async *deleteMany(source: Iterable<CID> | AsyncIterable<CID>, options?: StoreOptions): AsyncGenerator<CID> {
    for await (const cid of source) {
      await this.delete(cid, options);
      yield cid;
    }
  }

  /** Waits for indexing and pending use-time updates, so nothing touches the directory after close. */
  async close(): Promise<void> {
    await this.indexed.catch(() => {});
    await Promise.all(this.pendingTouches);
    await this.child.close();
  }

  private record(cid: CID, bytes: number): void {
    const key = this.keyOf(cid);
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.total -= previous.bytes;
    }
    this.entries.set(key, { cid, bytes, persistedUseMs: Date.now() });
    this.total += bytes;
    this.written += 1;
  }

  private touch(cid: CID): void {
    const key = this.keyOf(cid);
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
    const now = Date.now();
    if (now - entry.persistedUseMs < PERSIST_USE_EVERY_MS) return;
    entry.persistedUseMs = now;
    const seconds = now / 1000;
    const touching = utimes(this.pathOf(cid), seconds, seconds)
      .catch(() => {
        // The block was deleted meanwhile; nothing to remember.
      })
      .finally(() => this.pendingTouches.delete(touching));
    this.pendingTouches.add(touching);
  }

  private readBlock(cid: CID, signal?: AbortSignal): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      readFile(this.pathOf(cid), { signal }, (error, bytes) => {
        if (!error) return resolve(bytes);
        if (signal?.aborted) return reject(signal.reason as Error);
        if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') return reject(error);
        // Named as blockstore-fs names it: Helia and the gateway tell "not held" by this name.
        const missing = new Error(`This node does not hold block ${cid.toString()}.`);
        missing.name = 'NotFoundError';
        reject(missing);
      });
    });
  }

  private keyOf(cid: CID): string {
    return this.sharding.encode(cid).file;
  }

  private pathOf(cid: CID): string {
    const { dir, file } = this.sharding.encode(cid);
    return join(this.child.path, dir, file);
  }

  private async indexExistingBlocks(): Promise<void> {
    const files: string[] = [];
    for (const shard of await readdir(this.child.path, { withFileTypes: true })) {
      if (!shard.isDirectory()) continue;
      const directory = join(this.child.path, shard.name);
      for (const name of await readdir(directory)) {
        // Skips the temporary files of writes that a crash interrupted.
        if (name.endsWith(this.sharding.extension) && !name.startsWith('.'))
          files.push(join(directory, name));
      }
    }
    const found: { cid: CID; bytes: number; modifiedMs: number }[] = [];
    for (let start = 0; start < files.length; start += SCAN_CONCURRENCY) {
      const batch = files.slice(start, start + SCAN_CONCURRENCY);
      const stats = await Promise.all(batch.map((file) => stat(file).catch(() => null)));
      stats.forEach((info, index) => {
        const file = batch[index];
        if (info && file)
          found.push({ cid: this.sharding.decode(file), bytes: info.size, modifiedMs: info.mtimeMs });
      });
    }
    found.sort((a, b) => a.modifiedMs - b.modifiedMs);
    // Blocks written or read since opening are newer than anything found on disk.
    const live = new Map(this.entries);
    const deleted = this.deletedWhileIndexing ?? new Set<string>();
    this.entries.clear();
    for (const { cid, bytes, modifiedMs } of found) {
      const key = this.keyOf(cid);
      if (!live.has(key) && !deleted.has(key))
        this.entries.set(key, { cid, bytes, persistedUseMs: modifiedMs });
    }
    for (const [key, entry] of live) this.entries.set(key, entry);
    this.total = 0;
    for (const entry of this.entries.values()) this.total += entry.bytes;
    this.deletedWhileIndexing = null;
  }
}

/** Passes a block's bytes through, counting them, whatever shape they arrive in. */
function measure(bytes: BlockBytes): { bytes: BlockBytes; size: () => number } {
  if (bytes instanceof Uint8Array) return { bytes, size: () => bytes.byteLength };
  const chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array> = bytes;
  let counted = 0;
  async function* counting(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      counted += chunk.byteLength;
      yield chunk;
    }
  }
  return { bytes: counting(), size: () => counted };
}
