import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { CONTENT_KEY_BYTES, keyCommitment, keyMatchesCommitment } from './keyCommitment';

const contentKey = randomBytes(CONTENT_KEY_BYTES);

test('the commitment is sha256("busker:key-commitment:v1" ‖ CK)', () => {
  const expected = createHash('sha256')
    .update(Buffer.concat([Buffer.from('busker:key-commitment:v1', 'ascii'), contentKey]))
    .digest();
  assert.deepEqual(keyCommitment(contentKey), expected);
});

test('a key matches its own commitment and no other', () => {
  const commitment = keyCommitment(contentKey);
  assert.equal(keyMatchesCommitment(contentKey, commitment), true);
  assert.equal(keyMatchesCommitment(randomBytes(CONTENT_KEY_BYTES), commitment), false);
  const flipped = Buffer.from(commitment);
  flipped[31] = (flipped[31] ?? 0) ^ 1;
  assert.equal(keyMatchesCommitment(contentKey, flipped), false);
});

test('keys and commitments of the wrong length never match', () => {
  const commitment = keyCommitment(contentKey);
  assert.equal(keyMatchesCommitment(contentKey.subarray(1), commitment), false);
  assert.equal(keyMatchesCommitment(contentKey, commitment.subarray(1)), false);
  assert.equal(keyMatchesCommitment(Buffer.alloc(0), Buffer.alloc(0)), false);
  assert.throws(() => keyCommitment(contentKey.subarray(1)), RangeError);
});
