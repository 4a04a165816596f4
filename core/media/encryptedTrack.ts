/**
 * Serves a catalogue track: plaintext byte ranges of a `BSK1` container on IPFS, fetching only
 * the blocks and decrypting only the segments a range needs. A segment that fails to
 * authenticate ends the response: before the first byte as a clean 502, later by aborting it.
 */
import type { EncryptedMedia } from '../api/appBackend';
import { Bsk1Error, openBsk1 } from '../crypto/bsk1Decrypt';
import type { Bsk1Reader } from '../crypto/bsk1Decrypt';
import type { ContentStore } from '../storage/contentStore';

/** How long to wait for a container's header from peers before telling the listener it is unreachable. */
const OPEN_TIMEOUT_MS = 30_000;
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
  /** The track's plaintext reader; throws `EncryptedTrackError`. */
  open(media: EncryptedMedia, signal?: AbortSignal): Promise<Bsk1Reader>;
}

/** Opens containers from `store`, keeping the most recently used ones open. */
export function createEncryptedTrackReader(
  store: ContentStore,
  { openTimeoutMs = OPEN_TIMEOUT_MS }: { openTimeoutMs?: number } = {},
): EncryptedTrackReader {
  const open = new Map<string, Promise<Bsk1Reader>>();

  async function openContainer(media: EncryptedMedia, key: Buffer): Promise<Bsk1Reader> {
    const signal = AbortSignal.timeout(openTimeoutMs);
    try {
      const containerSize = await store.fileSize(media.audioCid, { signal });
      const read = (offset: number, length: number) => store.read(media.audioCid, { offset, length });
      return await openBsk1(read, containerSize, key);
    } catch (error) {
      throw toTrackError(error);
    }
  }

  return {
    async open(media, signal) {
      const key = media.contentKey;
      if (!key) throw new EncryptedTrackError('LOCKED', 'This track is locked: tip the artist to unlock it.');
      // Keyed by CID and key together: a cached reader never serves a request made with another key.
      const cacheKey = `${media.audioCid}:${key.toString('hex')}`;
      let reader = open.get(cacheKey);
      if (reader) {
        open.delete(cacheKey);
      } else {
        reader = openContainer(media, key);
        reader.catch(() => open.delete(cacheKey));
      }
      open.set(cacheKey, reader);
      if (open.size > OPEN_READERS_KEPT) open.delete(open.keys().next().value!);
      signal?.throwIfAborted();
      return reader;
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
