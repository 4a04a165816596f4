// A job's content key is kept wrapped under a key the caller holds (from `safeStorage` in
// Electron, passphrase-derived headless), as core/unlock/keyVault.ts does for a listener's keys,
// so a copied publish database reveals no key. The AAD is the job id: wrapped keys cannot be swapped.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CONTENT_KEY_BYTES } from '../crypto/keyCommitment';
import { PublishError } from './publishError';

export const WRAPPING_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function context(jobId: string): Buffer {
  return Buffer.from(`busker:publish-key:v1:${jobId}`, 'utf8');
}

function assertWrappingKey(wrappingKey: Uint8Array): void {
  if (wrappingKey.length !== WRAPPING_KEY_BYTES) {
    throw new RangeError(`The key that wraps content keys is ${WRAPPING_KEY_BYTES} bytes`);
  }
}

export function wrapContentKey(wrappingKey: Uint8Array, jobId: string, contentKey: Uint8Array): Buffer {
  assertWrappingKey(wrappingKey);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, nonce);
  cipher.setAAD(context(jobId));
  return Buffer.concat([nonce, cipher.update(contentKey), cipher.final(), cipher.getAuthTag()]);
}

export function unwrapContentKey(wrappingKey: Uint8Array, jobId: string, wrapped: Uint8Array): Buffer {
  assertWrappingKey(wrappingKey);
  const wrong = new PublishError(
    'JOB_KEY_WRONG',
    'Busker cannot open this publish job: it was saved on another machine or under another passphrase.',
  );
  if (wrapped.length !== NONCE_BYTES + CONTENT_KEY_BYTES + TAG_BYTES) throw wrong;
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, wrapped.subarray(0, NONCE_BYTES));
  decipher.setAAD(context(jobId));
  decipher.setAuthTag(wrapped.subarray(NONCE_BYTES + CONTENT_KEY_BYTES));
  try {
    return Buffer.concat([
      decipher.update(wrapped.subarray(NONCE_BYTES, NONCE_BYTES + CONTENT_KEY_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw wrong;
  }
}
