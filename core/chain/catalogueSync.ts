// Catalogue sync: reads ArtistCreated (factory) and TrackPublished / PriceChanged / Retired (every
// known artist) logs in block chunks, from a cursor kept in SQLite, up to `head - confirmations`.
//
// Re-orgs: only blocks at least `confirmations` deep are read, so a re-org shallower than that
// never touches stored data. A deeper one (or a devnet restarted from genesis) is caught on the
// next sync: the cursor block's stored hash no longer matches the chain, and the catalogue is
// rolled back to the newest checkpoint whose hash still does (or to the start).
import type { JsonRpcProvider } from 'ethers';
import { getAddress, toQuantity } from 'ethers';
import { missingCase } from '../../base/missingCase';
import { catalogueTopics as topics } from '../../protocol/catalogueEvents';
import { decodeArtistCreated, decodeArtistLog, isRawLog } from '../../protocol/catalogueLogDecoder';
import type { RawLog } from '../../protocol/catalogueLogDecoder';
import type { CatalogueArtist, CatalogueStore, Checkpoint, TrackEvent } from './catalogueStore';

export interface CatalogueSyncOptions {
  provider: JsonRpcProvider;
  store: CatalogueStore;
  chainId: number;
  factory: string;
  /** Blocks a log must be buried under before it is stored (0: the head itself is final). */
  confirmations: number;
  /** The factory's deployment block: nothing before it can matter. Defaults to 0. */
  startBlock?: number;
  /** Blocks per eth_getLogs call. Defaults to 2,000 (what most public RPCs accept). */
  chunkSize?: number;
  /** Artist contracts per eth_getLogs address list. Defaults to 500. */
  addressBatchSize?: number;
}

export interface SyncReport {
  /** First and last block read this time; `toBlock < fromBlock` when there was nothing new. */
  fromBlock: number;
  toBlock: number;
  head: number;
  artistsAdded: number;
  tracksAdded: number;
  /** Price changes and retirements applied. */
  changesApplied: number;
  /** Artist logs left out: not decodable (e.g. invalid UTF-8), or a track with oversized CIDs. */
  tracksSkipped: number;
  /** Set when a re-org (or a reset chain) made stored blocks non-canonical: the block kept. */
  rolledBackTo?: number;
}

/** CIDs and names longer than this are not real ones: such tracks are left out of the catalogue. */
const maxCidLength = 256;
const maxNameLength = 256;
const maxTrackId = BigInt(Number.MAX_SAFE_INTEGER);

interface FetchedChunk {
  cursor: Checkpoint;
  newArtists: CatalogueArtist[];
  artistLogs: RawLog[];
}

export class CatalogueSync {
  private readonly provider: JsonRpcProvider;
  private readonly store: CatalogueStore;
  private readonly chainId: number;
  private readonly factory: string;
  private readonly confirmations: number;
  private readonly startBlock: number;
  private readonly chunkSize: number;
  private readonly addressBatchSize: number;
  private running: Promise<SyncReport> | undefined;

  constructor(options: CatalogueSyncOptions) {
    if (!Number.isInteger(options.confirmations) || options.confirmations < 0) {
      throw new RangeError('confirmations must be a whole number ≥ 0.');
    }
    this.provider = options.provider;
    this.store = options.store;
    this.chainId = options.chainId;
    this.factory = getAddress(options.factory);
    this.confirmations = options.confirmations;
    this.startBlock = options.startBlock ?? 0;
    this.chunkSize = options.chunkSize ?? 2_000;
    this.addressBatchSize = options.addressBatchSize ?? 500;
  }

  /** Brings the catalogue up to `head - confirmations`. Concurrent calls share one run. */
  sync(): Promise<SyncReport> {
    this.running ??= this.syncOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async syncOnce(): Promise<SyncReport> {
    let state = this.store.readState();
    if (!state || state.chainId !== this.chainId || state.factory !== this.factory) {
      this.store.reset(this.chainId, this.factory, this.startBlock - 1);
      state = this.store.readState();
      if (!state) throw new Error('The catalogue sync state was not written.');
    }
    const rolledBackTo = await this.rollBackIfReorganised(state.cursorBlock, state.cursorHash);
    const cursor = rolledBackTo ?? state.cursorBlock;

    const head = await this.provider.getBlockNumber();
    const target = head - this.confirmations;
    const report: SyncReport = {
      fromBlock: cursor + 1,
      toBlock: Math.max(cursor, target),
      head,
      artistsAdded: 0,
      tracksAdded: 0,
      changesApplied: 0,
      tracksSkipped: 0,
      ...(rolledBackTo === undefined ? {} : { rolledBackTo }),
    };

    // Pipelined: while one chunk is decoded and stored, the node is already reading the next.
    const artists = this.store.artistAddresses();
    const chunkEnd = (from: number): number => Math.min(from + this.chunkSize - 1, target);
    let next = cursor + 1 <= target ? this.fetchChunk(cursor + 1, chunkEnd(cursor + 1), artists) : undefined;
    while (next) {
      const chunk = await next;
      const nextFrom = chunk.cursor.blockNumber + 1;
      next = nextFrom <= target ? this.fetchChunk(nextFrom, chunkEnd(nextFrom), artists) : undefined;
      // Let the next request leave (ethers sends on a zero timer) before the synchronous
      // decode-and-store below holds the event loop.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      try {
        this.storeChunk(chunk, report);
      } catch (error) {
        next?.catch(() => undefined);
        throw error;
      }
    }
    return report;
  }

  /** Returns the block rolled back to, or undefined when the cursor is still canonical. */
  private async rollBackIfReorganised(
    cursorBlock: number,
    cursorHash: string | null,
  ): Promise<number | undefined> {
    if (
      cursorHash === null ||
      (await this.isCanonical({ blockNumber: cursorBlock, blockHash: cursorHash }))
    ) {
      return undefined;
    }
    for (const checkpoint of this.store.checkpoints()) {
      if (checkpoint.blockNumber >= cursorBlock) continue;
      if (await this.isCanonical(checkpoint)) {
        this.store.rollBackTo(checkpoint);
        return checkpoint.blockNumber;
      }
    }
    const restart = this.startBlock - 1;
    this.store.rollBackTo({ blockNumber: restart, blockHash: null });
    return restart;
  }

  private async isCanonical(checkpoint: Checkpoint): Promise<boolean> {
    const block = await this.provider.getBlock(checkpoint.blockNumber);
    return block !== null && block.hash === checkpoint.blockHash;
  }

  /**
   * Reads one chunk in one round trip (ethers batches calls made together): the end block, the
   * factory's logs and the logs of every artist known so far. Artists created in this very chunk
   * are then asked about in a second call (`artists` grows as they are found).
   */
  private async fetchChunk(from: number, to: number, artists: string[]): Promise<FetchedChunk> {
    const range = { fromBlock: toQuantity(from), toBlock: toQuantity(to) };
    const artistLogsOf = async (addresses: string[]): Promise<RawLog[]> => {
      const batches: string[][] = [];
      for (let index = 0; index < addresses.length; index += this.addressBatchSize) {
        batches.push(addresses.slice(index, index + this.addressBatchSize));
      }
      const topicFilter = [[topics.trackPublished, topics.priceChanged, topics.retired]];
      return (
        await Promise.all(batches.map((address) => this.getLogs({ address, topics: topicFilter, ...range })))
      ).flat();
    };
    const [endBlock, factoryLogs, knownArtistLogs] = await Promise.all([
      this.provider.getBlock(to),
      this.getLogs({ address: this.factory, topics: [topics.artistCreated], ...range }),
      artistLogsOf(artists.slice()),
    ]);
    if (!endBlock?.hash) throw new Error(`The node has no block ${to}; is it still syncing?`);
    // Every log from the end block must carry its hash: a re-org racing this read cannot store
    // logs from one fork under a cursor from another.
    const cursor: Checkpoint = { blockNumber: to, blockHash: endBlock.hash };

    const newArtists: CatalogueArtist[] = [];
    for (const log of factoryLogs) {
      const created = decodeArtistCreated(log);
      if (!created) continue;
      const name =
        created.name.length > maxNameLength ? `${created.name.slice(0, maxNameLength - 1)}…` : created.name;
      newArtists.push({
        address: created.artist,
        owner: created.owner,
        name,
        createdBlock: Number(log.blockNumber),
      });
    }
    const newAddresses = newArtists.map((artist) => artist.address);
    artists.push(...newAddresses);
    const artistLogs =
      newAddresses.length > 0 ? [...knownArtistLogs, ...(await artistLogsOf(newAddresses))] : knownArtistLogs;

    for (const log of [...factoryLogs, ...artistLogs]) {
      if (log.removed === true || (Number(log.blockNumber) === to && log.blockHash !== cursor.blockHash)) {
        throw new Error(`Block ${to} changed while it was being read (a re-org); sync again.`);
      }
    }
    return { cursor, newArtists, artistLogs };
  }

  private async getLogs(filter: Record<string, unknown>): Promise<RawLog[]> {
    const result: unknown = await this.provider.send('eth_getLogs', [filter]);
    if (!Array.isArray(result) || !result.every(isRawLog)) {
      throw new Error('The node answered eth_getLogs with something that is not a list of logs.');
    }
    return result;
  }

  /** Decodes a fetched chunk and stores it with its cursor, in one transaction. */
  private storeChunk(chunk: FetchedChunk, report: SyncReport): void {
    const trackEvents: TrackEvent[] = [];
    const checksummed = new Map<string, string>();
    const ordered = chunk.artistLogs
      .map((log) => ({ log, blockNumber: Number(log.blockNumber), logIndex: Number(log.logIndex) }))
      .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
    for (const { log, blockNumber, logIndex } of ordered) {
      const decoded = decodeArtistLog(log);
      if (!decoded || decoded.trackId > maxTrackId) {
        report.tracksSkipped += 1;
        continue;
      }
      let artist = checksummed.get(log.address);
      if (artist === undefined) {
        artist = getAddress(log.address);
        checksummed.set(log.address, artist);
      }
      const trackId = Number(decoded.trackId);
      const position = { blockNumber, logIndex };
      switch (decoded.kind) {
        case 'published':
          if (decoded.metadataCid.length > maxCidLength || decoded.audioCid.length > maxCidLength) {
            report.tracksSkipped += 1;
            break;
          }
          trackEvents.push({
            kind: 'published',
            ...position,
            track: {
              artist,
              trackId,
              metadataCid: decoded.metadataCid,
              audioCid: decoded.audioCid,
              contentHash: decoded.contentHash,
              keyCommitment: decoded.keyCommitment,
              price: decoded.price,
              retired: false,
              publishedBlock: blockNumber,
            },
          });
          report.tracksAdded += 1;
          break;
        case 'priceChanged':
          trackEvents.push({ kind: 'priceChanged', ...position, artist, trackId, price: decoded.price });
          report.changesApplied += 1;
          break;
        case 'retired':
          trackEvents.push({ kind: 'retired', ...position, artist, trackId });
          report.changesApplied += 1;
          break;
        default:
          missingCase(decoded);
      }
    }
    this.store.writeChunk({ artists: chunk.newArtists, trackEvents, cursor: chunk.cursor });
    report.artistsAdded += chunk.newArtists.length;
  }
}
