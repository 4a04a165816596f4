// A job's content key is kept wrapped under a key the caller holds (from `safeStorage` in
// Electron, passphrase-derived headless), so a copied publish database reveals no key. The
// wrapping names the job: wrapped keys cannot be swapped between jobs.
import { unwrapKey, wrapKey } from '../crypto/keyWrap';
import { PublishError } from './publishError';

export { WRAPPING_KEY_BYTES } from '../crypto/keyWrap';

function purpose(jobId: string): string {
  return `busker:publish-key:v1:${jobId}`;
}

export function wrapContentKey(wrappingKey: Uint8Array, jobId: string, contentKey: Uint8Array): Buffer {
  return wrapKey(wrappingKey, purpose(jobId), contentKey);
}

export function unwrapContentKey(wrappingKey: Uint8Array, jobId: string, wrapped: Uint8Array): Buffer {
  const contentKey = unwrapKey(wrappingKey, purpose(jobId), wrapped);
  if (contentKey) return contentKey;
  throw new PublishError(
    'JOB_KEY_WRONG',
    'Busker cannot open this publish job: it was saved on another machine or under another passphrase.',
  );
}
