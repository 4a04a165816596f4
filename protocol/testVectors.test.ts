/** Our implementation against the committed known-answer vectors (made by scripts/makeCryptoVectors.ts). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import bsk1 from './testVectors/bsk1.json' with { type: 'json' };
import commitments from './testVectors/commitment.json' with { type: 'json' };
import envelope from './testVectors/envelope.json' with { type: 'json' };
import { encryptBsk1 } from './bsk1Encrypt';
import { openEnvelope, sealEnvelope, x25519PublicKey, envelopeContext } from './envelope';
import { keyCommitment, keyMatchesCommitment } from './keyCommitment';
import { collect, cutInto, patternBytes, readRecording } from './bsk1TestSupport';

const hex = (text: string) => Buffer.from(text, 'hex');
const contentKey = hex(bsk1.contentKeyHex);

describe('BSK1 vectors', () => {
  for (const vector of bsk1.vectors) {
    const plaintext =
      vector.plaintextHex === undefined ? patternBytes(vector.plaintextLength) : hex(vector.plaintextHex);

    test(`${vector.name}: encrypts to the committed container`, async () => {
      const container = await collect(
        encryptBsk1(cutInto(plaintext, [777]), {
          key: contentKey,
          noncePrefix: hex(bsk1.noncePrefixHex),
          segmentBits: vector.segmentBits,
          plaintextLength: plaintext.length,
        }),
      );
      assert.equal(container.length, vector.containerSize);
      assert.equal(container.subarray(0, 24).toString('hex'), vector.headerHex);
      assert.equal(createHash('sha256').update(container).digest('hex'), vector.containerSha256);
      if (vector.containerHex !== undefined) assert.equal(container.toString('hex'), vector.containerHex);
    });

    const containerHex = vector.containerHex;
    if (containerHex !== undefined) {
      test(`${vector.name}: the committed container decrypts to its plaintext`, async () => {
        const outcome = await readRecording(hex(containerHex), { key: contentKey });
        assert.equal(outcome.error, undefined);
        assert.ok(outcome.yielded.equals(plaintext));
      });
    }
  }
});

describe('envelope vector', () => {
  const context = envelopeContext(envelope.chainId, envelope.artist, envelope.trackId);

  test('the context and public keys are the committed ones', () => {
    assert.equal(context, envelope.context);
    assert.equal(
      x25519PublicKey(hex(envelope.recipientPrivateKeyHex)).toString('hex'),
      envelope.recipientPublicKeyHex,
    );
    assert.equal(
      x25519PublicKey(hex(envelope.ephemeralPrivateKeyHex)).toString('hex'),
      envelope.ephemeralPublicKeyHex,
    );
  });

  test('sealing with the fixed ephemeral key gives the committed envelope', () => {
    const sealed = sealEnvelope(
      hex(envelope.contentKeyHex),
      hex(envelope.recipientPublicKeyHex),
      context,
      hex(envelope.ephemeralPrivateKeyHex),
    );
    assert.equal(sealed.toString('hex'), envelope.envelopeHex);
    assert.equal(sealed.toString('base64url'), envelope.envelopeB64u);
  });

  test('the committed envelope opens to the content key', () => {
    const opened = openEnvelope(hex(envelope.envelopeHex), hex(envelope.recipientPrivateKeyHex), context);
    assert.equal(opened.toString('hex'), envelope.contentKeyHex);
  });
});

test('key commitment vectors', () => {
  for (const vector of commitments.vectors) {
    const key = hex(vector.contentKeyHex);
    assert.equal(`0x${keyCommitment(key).toString('hex')}`, vector.commitment);
    assert.ok(keyMatchesCommitment(key, hex(vector.commitment.slice(2))));
  }
});
