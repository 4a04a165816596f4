import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  ENVELOPE_BYTES,
  EnvelopeError,
  envelopeContext,
  generateX25519KeyPair,
  openEnvelope,
  sealEnvelope,
  x25519PublicKey,
} from './envelope';

const artist = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const context = envelopeContext(31337, artist, 7);
const contentKey = randomBytes(32);
const recipient = generateX25519KeyPair();

// X25519 points of small order (RFC 7748 §7 and the Curve25519 twist), plus non-canonical encodings of them.
const lowOrderPoints = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((hex) => Buffer.from(hex, 'hex'));

function assertRefused(open: () => unknown, message = /does not open/): void {
  assert.throws(open, (error) => error instanceof EnvelopeError && message.test(error.message));
}

describe('key envelope', () => {
  test('opens to the sealed key, for the recipient and the track it was sealed for', () => {
    const envelope = sealEnvelope(contentKey, recipient.publicKey, context);
    assert.equal(envelope.length, ENVELOPE_BYTES);
    assert.equal(ENVELOPE_BYTES, 80);
    assert.deepEqual(openEnvelope(envelope, recipient.privateKey, context), contentKey);
  });

  test('uses a fresh ephemeral key each time', () => {
    const first = sealEnvelope(contentKey, recipient.publicKey, context);
    const second = sealEnvelope(contentKey, recipient.publicKey, context);
    assert.notDeepEqual(first.subarray(0, 32), second.subarray(0, 32));
    assert.notDeepEqual(first.subarray(32), second.subarray(32));
  });

  test('does not open for another recipient', () => {
    const envelope = sealEnvelope(contentKey, recipient.publicKey, context);
    assertRefused(() => openEnvelope(envelope, generateX25519KeyPair().privateKey, context));
  });

  test('does not open for another chain, artist or track', () => {
    const envelope = sealEnvelope(contentKey, recipient.publicKey, context);
    const otherArtist = '0x' + 'ab'.repeat(20);
    for (const other of [
      envelopeContext(1, artist, 7),
      envelopeContext(31337, otherArtist, 7),
      envelopeContext(31337, artist, 8),
      envelopeContext(31337, artist, 70),
      '',
    ]) {
      assertRefused(() => openEnvelope(envelope, recipient.privateKey, other));
    }
  });

  test('does not open with any bit of it flipped', () => {
    const envelope = sealEnvelope(contentKey, recipient.publicKey, context);
    for (let position = 0; position < envelope.length; position += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const flipped = Buffer.from(envelope);
        flipped[position] = (flipped[position] ?? 0) ^ (1 << bit);
        assertRefused(() => openEnvelope(flipped, recipient.privateKey, context));
      }
    }
  });

  test('refuses an envelope of the wrong length', () => {
    const envelope = sealEnvelope(contentKey, recipient.publicKey, context);
    for (const length of [0, 79, 81]) {
      const resized = Buffer.alloc(length);
      envelope.copy(resized);
      assertRefused(() => openEnvelope(resized, recipient.privateKey, context), /80 bytes, not/);
    }
  });

  test('refuses an ephemeral key of small order', () => {
    const envelope = sealEnvelope(contentKey, recipient.publicKey, context);
    for (const point of lowOrderPoints) {
      const forged = Buffer.from(envelope);
      point.copy(forged, 0);
      assertRefused(() => openEnvelope(forged, recipient.privateKey, context), /ephemeral key is invalid/);
    }
  });

  test('refuses to seal to a recipient key of small order or the wrong length', () => {
    for (const point of lowOrderPoints) {
      assertRefused(() => sealEnvelope(contentKey, point, context), /not a usable X25519 key/);
    }
    assertRefused(() => sealEnvelope(contentKey, Buffer.alloc(31, 9), context), /32 bytes/);
    assert.throws(() => sealEnvelope(contentKey.subarray(1), recipient.publicKey, context), RangeError);
  });

  test('derives the public key from a private key', () => {
    assert.deepEqual(x25519PublicKey(recipient.privateKey), recipient.publicKey);
  });

  test('the context is chainId:artist:trackId with a lower-case address and decimal integers', () => {
    assert.equal(context, '31337:0x5fbdb2315678afecb367f032d93f642f64180aa3:7');
    assert.equal(envelopeContext(2n ** 70n, artist, 0n), `${2n ** 70n}:${artist.toLowerCase()}:0`);
    assert.throws(() => envelopeContext(1, artist.slice(0, 41), 0), RangeError);
    assert.throws(() => envelopeContext(1, artist.slice(2), 0), RangeError);
    assert.throws(() => envelopeContext(-1, artist, 0), RangeError);
    assert.throws(() => envelopeContext(1, artist, -1), RangeError);
    assert.throws(() => envelopeContext(1, artist, 1.5), RangeError);
  });
});
