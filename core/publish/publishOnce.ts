// What is checked before a file becomes a job: its price, and that this artist has not published
// the same audio already (by its hash, whatever the file's name or which computer published it).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { JsonRpcProvider } from 'ethers';
import { PublishError } from './publishError';
import type { PublishJobStore } from './publishJobStore';
import { findPublishedTrack } from './publishTransaction';

/** The largest price `publishTrack` takes (uint256). */
const MAX_PRICE = 2n ** 256n - 1n;

export function assertPrice(price: unknown): asserts price is bigint {
  if (typeof price !== 'bigint' || price < 0n || price > MAX_PRICE) {
    throw new PublishError(
      'BAD_PRICE',
      'The price must be a whole number of wei, zero or more (for example 0.01 ETH is 10000000000000000 wei).',
    );
  }
}

/** 0x-hex sha256 of a file, read once as a stream: the on-chain content hash (PROTOCOL §1). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `0x${hash.digest('hex')}`;
}

export interface RepublishCheck {
  store: PublishJobStore;
  provider: JsonRpcProvider;
  chainId: number;
  artist: string;
  contentHash: string;
  /**
   * The file's title from its tags. The hash covers the whole file, tags included, so the earlier
   * track was published under this same title.
   */
  title: string;
}

/** Publish once: the same audio (by its hash) is refused, named by the track it already is. */
export async function refuseRepublishing(check: RepublishCheck): Promise<void> {
  const { store, provider, chainId, artist, contentHash, title } = check;
  const job = store.findByContentHash(chainId, artist, contentHash);
  let trackId = job?.trackId ?? null;
  if (job && trackId === null) {
    throw new PublishError(
      'ALREADY_PUBLISHED',
      `This file is being published already as "${title}" (from ${job.sourcePath}). Publish it again only if you mean a second copy (busker publish --again).`,
    );
  }
  trackId ??= await findPublishedTrack(provider, artist, (track) => track.contentHash === contentHash).catch(
    () => null,
  );
  if (trackId !== null) {
    throw new PublishError(
      'ALREADY_PUBLISHED',
      `You published this file already: it is track ${trackId} of your catalogue, "${title}". Publish it again only if you mean a second copy (busker publish --again).`,
    );
  }
}
