/**
 * Where encrypted tracks and their metadata live: IPFS, through one of two backends
 * (embedded Helia, or an external Kubo node over its RPC API). CIDs are strings (CIDv1, base32)
 * and do not depend on the backend that added the bytes (see `unixfsLayout.ts`).
 */
export interface ContentStore {
  /** Adds a file's bytes as one UnixFS file and returns its CID. `pin` keeps it out of garbage collection. */
  add(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options?: AddOptions): Promise<string>;
  /**
   * Streams `length` bytes (default: to the end) from `offset` of a file, fetching from peers what is
   * missing. A range past the end stops at the end; an `offset` past the end is an error. Waits for
   * peers until `signal` aborts, then rejects with the signal's reason.
   */
  read(cid: string, options?: ReadOptions): AsyncIterable<Uint8Array>;
  /** The file's size in bytes (reads only its root block). */
  fileSize(cid: string, options?: { signal?: AbortSignal }): Promise<number>;
  /** True when every block of the file is held locally. Asks no peer. */
  has(cid: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  /** Fetches every block (from peers when needed) and keeps them through garbage collection. */
  pin(cid: string, options?: { signal?: AbortSignal }): Promise<void>;
  unpin(cid: string): Promise<void>;
  /** True when this CID itself is pinned (as a whole file), not merely part of another pinned DAG. */
  isPinned(cid: string): Promise<boolean>;
  /** Bytes of blocks held locally, pinned or not (Kubo: its whole repo, as `repo stat` reports it). */
  cacheSize(): Promise<number>;
  /**
   * Removes unpinned blocks, least recently used first, until the cache holds at most `limitBytes`
   * (or only pinned blocks are left). Never removes a block that a pinned DAG reaches. Kubo's
   * collector cannot stop at a limit: past it, every unpinned block goes.
   */
  collectGarbage(limitBytes: number): Promise<GarbageCollection>;
  /**
   * Sets the cache limit and collects down to it at once. The embedded store then keeps to it by
   * itself: after an add, a pin, or a read that fetched blocks from peers, it collects down to the
   * limit, sparing pinned content and what is being added or read. Kubo keeps its repo with its
   * own collector (its `Datastore.StorageMax`), so there the limit is applied only when set (the
   * app sets it at start and when the user changes it).
   */
  setCacheLimit(limitBytes: number): Promise<GarbageCollection>;
  /** Dials a peer by multiaddr (e.g. `/ip4/127.0.0.1/tcp/4001/p2p/12D3…`). */
  connectPeer(multiaddr: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** The multiaddrs other peers can dial to reach this store. */
  listenAddresses(): string[];
  close(): Promise<void>;
}

export interface AddOptions {
  pin?: boolean;
  signal?: AbortSignal;
}

export interface ReadOptions {
  offset?: number;
  length?: number;
  signal?: AbortSignal;
}

export interface GarbageCollection {
  removedBlocks: number;
  removedBytes: number;
  cacheBytes: number;
}
