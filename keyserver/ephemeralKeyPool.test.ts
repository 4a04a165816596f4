import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { generateX25519KeyPair, openEnvelope, sealEnvelope } from '../core/crypto/envelope';
import { EphemeralKeyPool } from './ephemeralKeyPool';

test('a pool hands out each key pair once, made ahead or on the spot, and each seals an envelope that opens', async () => {
  const pool = new EphemeralKeyPool(4);
  const recipient = generateX25519KeyPair();
  const contentKey = randomBytes(32);
  const seen = new Set<string>();
  for (let round = 0; round < 5; round += 1) {
    // Several at once empties the pool; the turns between let it fill again.
    for (let index = 0; index < 6; index += 1) {
      const key = pool.take();
      const envelope = sealEnvelope(contentKey, recipient.publicKey, 'context', key);
      assert.deepEqual(openEnvelope(envelope, recipient.privateKey, 'context'), contentKey);
      seen.add(key.publicKey.toString('hex'));
    }
    for (let turn = 0; turn < 6; turn += 1) await nextTurn();
  }
  assert.equal(seen.size, 30, 'no key pair was handed out twice');
});
