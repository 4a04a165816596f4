// Wrapping a content key under a key kept elsewhere (safeStorage, a passphrase), so that a copied
// database reveals no key: AES-256-GCM with a random nonce and an AAD naming what the key is for,
// so a wrapped key moved to another row does not open. Stored as nonce (12) ‖ ciphertext (32) ‖ tag (16).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { assertContentKey, CONTENT_KEY_BYTES } from './keyCommitment';

export const WRAPPING_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function wrapKey(wrappingKey: Uint8Array, purpose: string, contentKey: Uint8Array): Buffer {
  assertWrappingKey(wrappingKey);
  assertContentKey(contentKey);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, nonce);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  return Buffer.concat([nonce, cipher.update(contentKey), cipher.final(), cipher.getAuthTag()]);
}

/** The content key, or null when `wrapped` does not open with this wrapping key for this purpose. */
export function unwrapKey(wrappingKey: Uint8Array, purpose: string, wrapped: Uint8Array): Buffer | null {
  assertWrappingKey(wrappingKey);
  if (wrapped.length !== NONCE_BYTES + CONTENT_KEY_BYTES + TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, wrapped.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(wrapped.subarray(NONCE_BYTES + CONTENT_KEY_BYTES));
  try {
    return Buffer.concat([
      decipher.update(wrapped.subarray(NONCE_BYTES, NONCE_BYTES + CONTENT_KEY_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return null;
  }
}

function assertWrappingKey(wrappingKey: Uint8Array): void {
  if (wrappingKey.length !== WRAPPING_KEY_BYTES) {
    throw new RangeError(`A key that wraps content keys is ${WRAPPING_KEY_BYTES} bytes`);
  }
}
