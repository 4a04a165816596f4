// A job's content key is kept wrapped under a key derived from the artist's wallet
// (`wrappingKeyFromWallet`, the same for the app and the CLI, and back with the wallet's recovery
// phrase on another computer), so a copied publish database reveals no key. The wrapping names
// the job: wrapped keys cannot be swapped between jobs.
import { getAddress } from 'ethers';
import { unwrapKey, wrapKey } from '../../protocol/keyWrap';
import { PublishError } from './publishError';
import type { PublishJobStore } from './publishJobStore';

export { WRAPPING_KEY_BYTES } from '../../protocol/keyWrap';

function purpose(jobId: string): string {
  return `busker:publish-key:v1:${jobId}`;
}

export function wrapContentKey(wrappingKey: Uint8Array, jobId: string, contentKey: Uint8Array): Buffer {
  return wrapKey(wrappingKey, purpose(jobId), contentKey);
}

/**
 * Rewraps under `to` every job of this artist whose key opens only under `from` (the app wrapped
 * under a key of its own secret before it used the wallet's). Returns how many were rewrapped.
 */
export function rewrapJobKeys(
  store: PublishJobStore,
  chainId: number,
  artist: string,
  from: Uint8Array,
  to: Uint8Array,
): number {
  let rewrapped = 0;
  for (const job of store.list(chainId, getAddress(artist))) {
    const opens = unwrapKey(to, purpose(job.id), job.wrappedKey);
    if (opens) {
      opens.fill(0);
      continue;
    }
    const contentKey = unwrapKey(from, purpose(job.id), job.wrappedKey);
    if (!contentKey) continue;
    store.replaceWrappedKey(job.id, wrapContentKey(to, job.id, contentKey));
    contentKey.fill(0);
    rewrapped += 1;
  }
  return rewrapped;
}

export function unwrapContentKey(wrappingKey: Uint8Array, jobId: string, wrapped: Uint8Array): Buffer {
  const contentKey = unwrapKey(wrappingKey, purpose(jobId), wrapped);
  if (contentKey) return contentKey;
  throw new PublishError(
    'JOB_KEY_WRONG',
    'Busker cannot open this publish job: it was saved on another machine or under another passphrase.',
  );
}
