// The last publish step: the network's seeds keep the track, so the artist may go offline.
import type { ContentStore } from '../storage/contentStore';
import { keepOnSeed } from '../storage/pinningServiceClient';
import type { PinningEndpoint } from '../storage/pinningServiceClient';
import { PublishError } from './publishError';
import type { PublishJob } from './publishJobStore';

/**
 * Asks every seed to keep the audio, metadata and cover, and waits until at least one does.
 * Returns how many did; none is a passing SEEDS_UNAVAILABLE (a seed keeps a CID once, however
 * often it is asked, so trying again is safe).
 */
export async function storeOnSeeds(
  job: PublishJob,
  seeds: readonly PinningEndpoint[],
  contentStore: ContentStore,
  timeoutMs = 10 * 60_000,
): Promise<number> {
  const name = `${job.artist}:${job.trackId}`;
  const pins = [job.audioCid, job.metadataCid, job.coverCid]
    .filter((cid): cid is string => cid !== null)
    .map((cid) => ({ cid, name }));
  const signal = AbortSignal.timeout(timeoutMs);
  const outcomes = await Promise.allSettled(
    seeds.map((seed) =>
      keepOnSeed(seed, contentStore, pins, { origins: contentStore.listenAddresses(), signal }),
    ),
  );
  const stored = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
  if (stored === 0) {
    const reason = outcomes.find((outcome) => outcome.status === 'rejected')?.reason;
    throw new PublishError(
      'SEEDS_UNAVAILABLE',
      'The track is published and its key deposited, but no seed keeps it yet, so it plays only while ' +
        `Busker is open here: ${reason instanceof Error ? reason.message : String(reason)} Busker tries again.`,
      { cause: reason },
    );
  }
  return stored;
}
