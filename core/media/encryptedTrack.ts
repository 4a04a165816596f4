/**
 * Serves a catalogue track: plaintext byte ranges of a `BSK1` container on IPFS, fetching only
 * the blocks and decrypting only the segments a range needs. A segment that fails to
 * authenticate ends the response: before the first byte as a clean 502, later by aborting it.
 * So does a read that peers stop feeding (504 before the first byte).
 */
import type { EncryptedMedia } from './mediaSource';
import { Bsk1Error, openBsk1 } from '../../protocol/bsk1Decrypt';
import type { Bsk1Reader, ByteRangeReader } from '../../protocol/bsk1Decrypt';
import type { ContentStore } from '../storage/contentStore';
import { untilAborted } from '../../base/untilAborted';

/** How long to wait for a container's header from peers before telling the listener it is unreachable. */
const OPEN_TIMEOUT_MS = 30_000;
/** How long a read waits for its next bytes from peers before telling the listener they are unreachable. */
const STALL_TIMEOUT_MS = 30_000;
/** Open containers kept ready (header parsed, size known), so a seek costs one range read. */
const OPEN_READERS_KEPT = 32;

export type EncryptedTrackFailure = 'LOCKED' | 'TAMPERED' | 'UNREACHABLE';

export class EncryptedTrackError extends Error {
  constructor(
    readonly code: EncryptedTrackFailure,
    message: string,
  ) {
    super(message);
    this.name = 'EncryptedTrackError';
  }
}

export interface EncryptedTrackReader {
  /**
   * The track's plaintext reader; throws `EncryptedTrackError`, or `signal`'s reason once it
   * aborts. Every read of the returned reader stops when `signal` aborts. Opening the container
   * is shared with other requests for the track, so an abort stops only this request's wait for it.
   */
  open(media: EncryptedMedia, signal?: AbortSignal): Promise<Bsk1Reader>;
}

export interface EncryptedTrackReaderOptions {
  /** How long opening a container (its size and header) may take in all. Default 30 s. */
  openTimeoutMs?: number;
  /**
   * How long a read may go without receiving a byte from the store (no peer sending the blocks
   * it needs) before it fails as `UNREACHABLE`: the handler then answers 504, or cuts a stream
   * already under way. Only time spent waiting on the store counts, not time the player spends
   * not reading. Default 30 s.
   */
  stallTimeoutMs?: number;
}

/** What an open keeps of a container; each request makes its own reader from it. */
interface OpenContainer {
  size: number;
  header: Buffer;
}

/** Opens containers from `store`, keeping the most recently used ones open. */
export function createEncryptedTrackReader(
  store: ContentStore,
  { openTimeoutMs = OPEN_TIMEOUT_MS, stallTimeoutMs = STALL_TIMEOUT_MS }: EncryptedTrackReaderOptions = {},
): EncryptedTrackReader {
  const open = new Map<string, Promise<OpenContainer>>();

  /** Reads `cid` until `signal` aborts or the store stalls; `header` (the first bytes) is served from memory. */
  function rangeReader(cid: string, signal: AbortSignal | undefined, header?: Buffer): ByteRangeReader {
    return async function* read(offset, length) {
      if (header && offset + length <= header.length) {
        yield header.subarray(offset, offset + length);
        return;
      }
      const stalled = new AbortController();
      const stall = () =>
        stalled.abort(
          new EncryptedTrackError(
            'UNREACHABLE',
            "This track's data stopped arriving: no reachable peer is sending it. Try again when online.",
          ),
        );
      const readSignal = signal ? AbortSignal.any([signal, stalled.signal]) : stalled.signal;
      let timer = setTimeout(stall, stallTimeoutMs);
      try {
        for await (const chunk of store.read(cid, { offset, length, signal: readSignal })) {
          clearTimeout(timer);
          yield chunk;
          timer = setTimeout(stall, stallTimeoutMs);
        }
      } finally {
        clearTimeout(timer);
      }
    };
  }

  async function openContainer(cid: string, key: Buffer): Promise<OpenContainer> {
    const signal = AbortSignal.timeout(openTimeoutMs);
    try {
      const size = await store.fileSize(cid, { signal });
      const { header } = await openBsk1(rangeReader(cid, signal), size, key);
      return { size, header: header.bytes };
    } catch (error) {
      throw toTrackError(error);
    }
  }

  return {
    async open(media, signal) {
      const key = media.contentKey;
      if (!key) throw new EncryptedTrackError('LOCKED', 'This track is locked: tip the artist to unlock it.');
      // Keyed by CID and key together: a cached container never serves a request made with another key.
      const cacheKey = `${media.audioCid}:${key.toString('hex')}`;
      let container = open.get(cacheKey);
      if (container) {
        open.delete(cacheKey);
      } else {
        container = openContainer(media.audioCid, key);
        container.catch(() => open.delete(cacheKey));
      }
      open.set(cacheKey, container);
      if (open.size > OPEN_READERS_KEPT) open.delete(open.keys().next().value!);
      const { size, header } = await untilAborted(container, signal);
      try {
        // The header comes from the shared open; every read after it is this request's alone.
        return await openBsk1(rangeReader(media.audioCid, signal, header), size, key);
      } catch (error) {
        throw toTrackError(error);
      }
    },
  };
}

export function toTrackError(error: unknown): EncryptedTrackError {
  if (error instanceof EncryptedTrackError) return error;
  if (error instanceof Bsk1Error) {
    return new EncryptedTrackError(
      'TAMPERED',
      "This track's data failed its integrity check: a peer sent damaged or altered bytes.",
    );
  }
  return new EncryptedTrackError(
    'UNREACHABLE',
    "This track's data could not be fetched: no reachable peer has it. Try again when online.",
  );
}
