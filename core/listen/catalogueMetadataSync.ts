/**
 * Brings the synced on-chain catalogue into the library: for each track not yet listed (or whose
 * metadata CID changed), fetch its metadata from IPFS with a timeout and a size cap, validate it
 * (trackMetadata.ts) and save it with `CatalogueTracks`. A CID that does not resolve is retried
 * later with backoff; invalid metadata is recorded and not fetched again (the bytes at a CID never
 * change). Fetches run a few at a time, each with its own timeout, so one bad track never holds
 * up the others.
 *
 * Retired tracks: listed only when this listener already holds the key (access granted stays,
 * PROTOCOL §3); otherwise they are hidden, since nobody can tip for them any more.
 */
import type { Database } from 'better-sqlite3';
import type { CatalogueStore, CatalogueTrack } from '../chain/catalogueStore';
import type { CatalogueTracks } from '../library/catalogueTracks';
import type { TrackRepo } from '../library/trackRepo';
import type { ContentStore } from '../storage/contentStore';
import type { OnChainTrack } from '../unlock/onChainTrack';
import type { MetadataFetch } from './metadataFetchStore';
import { MetadataFetchStore } from './metadataFetchStore';
import { cleanMetadataText, METADATA_MAX_BYTES, parseTrackMetadata } from '../../protocol/trackMetadata';

export interface MetadataSyncOptions {
  db: Database;
  catalogue: CatalogueStore;
  tracks: CatalogueTracks;
  repo: TrackRepo;
  content: ContentStore;
  /** Which tracks the listener holds keys for (the key vault). */
  unlocked: { has(track: OnChainTrack): boolean };
  chainId: number;
  /** Per track; defaults to 15 s. */
  timeoutMs?: number;
  /** Fetches in flight at once; defaults to 4. */
  concurrency?: number;
  /** Backoff for unreachable CIDs; defaults to 1 minute doubling up to 6 hours. */
  retry?: { firstDelayMs: number; maxDelayMs: number };
  now?: () => number;
  /** Called after each track is listed, so the app can show it before the whole pass ends. */
  onListed?: () => void;
}

export interface SkippedTrack {
  artist: string;
  trackId: number;
  metadataCid: string;
  status: 'unreachable' | 'invalid';
  reason: string;
  /** When an unreachable CID is tried again (ms since the epoch); null for invalid metadata. */
  nextAttemptAt: number | null;
}

export interface MetadataSyncReport {
  /** Tracks fetched and listed this run. */
  saved: number;
  /** Tracks already listed with the same metadata. */
  unchanged: number;
  /** Retired tracks without a key: not listed. */
  hidden: number;
  /** Tracks not listed, with the reason (this run's failures and earlier ones still standing). */
  skipped: SkippedTrack[];
}

class MetadataFetchError extends Error {
  constructor(
    readonly status: 'unreachable' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** Who a tip goes to, as lists show it: the contract's on-chain name, or its address without one. */
export function payeeName(artist: { address: string; name: string }): string {
  return cleanMetadataText(artist.name, PAYEE_NAME_MAX_CHARS) || artist.address;
}

const PAYEE_NAME_MAX_CHARS = 80;

export class CatalogueMetadataSync {
  private readonly fetches: MetadataFetchStore;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly retry: { firstDelayMs: number; maxDelayMs: number };
  private readonly now: () => number;
  private running: Promise<MetadataSyncReport> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: MetadataSyncOptions) {
    this.fetches = new MetadataFetchStore(options.db);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.concurrency = options.concurrency ?? 4;
    this.retry = options.retry ?? { firstDelayMs: 60_000, maxDelayMs: 6 * 60 * 60 * 1000 };
    this.now = options.now ?? Date.now;
  }

  /** One pass over the catalogue. Concurrent calls share one run. */
  sync(): Promise<MetadataSyncReport> {
    this.running ??= this.syncOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Ends the pass in progress at once (its fetches are abandoned, not recorded as failures) and
   * any later one: closing the app need not wait out a metadata fetch nobody will answer.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running?.catch(() => undefined);
  }

  /** Every track's fetch record (for showing why a track is missing). */
  list(): MetadataFetch[] {
    return this.fetches.list(this.options.chainId);
  }

  private async syncOnce(): Promise<MetadataSyncReport> {
    const { catalogue, chainId, unlocked } = this.options;
    const report: MetadataSyncReport = { saved: 0, unchanged: 0, hidden: 0, skipped: [] };
    const payees = new Map(catalogue.listArtists().map((artist) => [artist.address, payeeName(artist)]));
    const due: CatalogueTrack[] = [];
    const now = this.now();
    for (const track of catalogue.listTracks()) {
      const onChain: OnChainTrack = { chainId, artist: track.artist, trackId: track.trackId };
      const known = this.fetches.get(onChain);
      if (track.retired && !unlocked.has(onChain)) {
        this.hide(track, onChain, known);
        report.hidden += 1;
        continue;
      }
      if (known && known.metadataCid === track.metadataCid) {
        // A row saved before lists named who is paid is saved again, from the same metadata.
        const payee = payees.get(track.artist) ?? payeeName({ address: track.artist, name: '' });
        if (known.status === 'saved' && this.options.tracks.payeeName(onChain) === payee) {
          report.unchanged += 1;
          continue;
        }
        if (
          known.status === 'invalid' ||
          (known.status === 'unreachable' && (known.nextAttemptAt ?? 0) > now)
        ) {
          report.skipped.push(skippedFrom(track, known));
          continue;
        }
      }
      due.push(track);
    }

    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.stopping.signal.aborted) {
        const track = due[next++]!;
        const payee = payees.get(track.artist) ?? payeeName({ address: track.artist, name: '' });
        const outcome = await this.fetchAndSave(track, payee);
        if (outcome) report.skipped.push(outcome);
        else report.saved += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    return report;
  }

  private async fetchAndSave(track: CatalogueTrack, payee: string): Promise<SkippedTrack | null> {
    const { chainId, tracks } = this.options;
    const onChain: OnChainTrack = { chainId, artist: track.artist, trackId: track.trackId };
    const known = this.fetches.get(onChain);
    const attempts = (known?.metadataCid === track.metadataCid ? known.attempts : 0) + 1;
    try {
      const bytes = await this.fetchBytes(track.metadataCid);
      const parsed = parseTrackMetadata(bytes);
      if (!parsed.ok) throw new MetadataFetchError('invalid', parsed.reason);
      const { metadata } = parsed;
      tracks.save({
        ...onChain,
        audioCid: track.audioCid,
        keyCommitment: track.keyCommitment,
        title: metadata.title,
        artistName: payee,
        taggedArtist: metadata.artist,
        album: metadata.album,
        trackNumber: metadata.trackNumber,
        durationMs: metadata.durationMs,
        mime: metadata.mime,
        size: metadata.size,
      });
      this.fetches.put(
        {
          track: onChain,
          metadataCid: track.metadataCid,
          status: 'saved',
          reason: null,
          attempts,
          nextAttemptAt: null,
        },
        this.now(),
      );
      this.options.onListed?.();
      return null;
    } catch (error) {
      if (this.stopping.signal.aborted) return null;
      const failure =
        error instanceof MetadataFetchError
          ? error
          : new MetadataFetchError('unreachable', "The track's metadata could not be read from IPFS.");
      const nextAttemptAt =
        failure.status === 'unreachable'
          ? this.now() + Math.min(this.retry.firstDelayMs * 2 ** (attempts - 1), this.retry.maxDelayMs)
          : null;
      const record = {
        track: onChain,
        metadataCid: track.metadataCid,
        status: failure.status,
        reason: failure.message,
        attempts,
        nextAttemptAt,
      };
      this.fetches.put(record, this.now());
      return skippedFrom(track, record);
    }
  }

  /** At most METADATA_MAX_BYTES + 1 bytes are read: enough to know the file is too large. */
  private async fetchBytes(cid: string): Promise<Buffer> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([timeout, this.stopping.signal]);
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const chunk of this.options.content.read(cid, { length: METADATA_MAX_BYTES + 1, signal })) {
        total += chunk.length;
        if (total > METADATA_MAX_BYTES) {
          throw new MetadataFetchError(
            'invalid',
            `The track's metadata was refused: it is larger than ${METADATA_MAX_BYTES / 1024} KiB (the protocol's limit).`,
          );
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof MetadataFetchError) throw error;
      if (error instanceof TypeError && /is not a CID/.test(error.message)) {
        throw new MetadataFetchError(
          'invalid',
          `The track's metadata address (${cleanMetadataText(cid, 80)}) is not a CID.`,
        );
      }
      if (timeout.aborted) {
        throw new MetadataFetchError(
          'unreachable',
          `No peer sent the track's metadata within ${Math.round(this.timeoutMs / 1000)} s; Busker will try again later.`,
        );
      }
      throw new MetadataFetchError(
        'unreachable',
        "The track's metadata could not be read from IPFS; Busker will try again later.",
      );
    }
    return Buffer.concat(chunks);
  }

  private hide(track: CatalogueTrack, onChain: OnChainTrack, known: MetadataFetch | undefined): void {
    const id = this.options.tracks.libraryId(onChain);
    if (id !== null) this.options.repo.removeTracks([id]);
    if (known?.status === 'hidden' && known.metadataCid === track.metadataCid) return;
    this.fetches.put(
      {
        track: onChain,
        metadataCid: track.metadataCid,
        status: 'hidden',
        reason: 'The artist retired this track and you have not unlocked it.',
        attempts: 0,
        nextAttemptAt: null,
      },
      this.now(),
    );
  }
}

function skippedFrom(
  track: CatalogueTrack,
  fetch: Pick<MetadataFetch, 'status' | 'reason' | 'nextAttemptAt'>,
): SkippedTrack {
  return {
    artist: track.artist,
    trackId: track.trackId,
    metadataCid: track.metadataCid,
    status: fetch.status === 'invalid' ? 'invalid' : 'unreachable',
    reason: fetch.reason ?? 'Not listed.',
    nextAttemptAt: fetch.nextAttemptAt,
  };
}
