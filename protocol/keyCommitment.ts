import { createHash, timingSafeEqual } from 'node:crypto';

/** A content key: 32 random bytes that encrypt one track (PROTOCOL §1). */
export const CONTENT_KEY_BYTES = 32;

const COMMITMENT_PREFIX = Buffer.from('busker:key-commitment:v1', 'ascii');

/** `sha256("busker:key-commitment:v1" ‖ CK)`: published on chain so anyone can check a key. */
export function keyCommitment(contentKey: Uint8Array): Buffer {
  assertContentKey(contentKey);
  return createHash('sha256').update(COMMITMENT_PREFIX).update(contentKey).digest();
}

/** True when `contentKey` is the key that `commitment` was made for (constant time). */
export function keyMatchesCommitment(contentKey: Uint8Array, commitment: Uint8Array): boolean {
  if (contentKey.length !== CONTENT_KEY_BYTES || commitment.length !== 32) return false;
  return timingSafeEqual(keyCommitment(contentKey), commitment);
}

export function assertContentKey(contentKey: Uint8Array): void {
  if (contentKey.length !== CONTENT_KEY_BYTES) {
    throw new RangeError(`A content key is ${CONTENT_KEY_BYTES} bytes, not ${contentKey.length}`);
  }
}
