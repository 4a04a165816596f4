import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { EnvelopeError, generateX25519KeyPair, sealEnvelope } from '../protocol/envelope';
import { KeyServerError } from './errors';
import { isLowOrderX25519Key } from './recipientKey';
import { parseBody, unlockBodySchema } from './requestSchemas';

const p = (1n << 255n) - 19n;
const context = '31337:0x5fbdb2315678afecb367f032d93f642f64180aa3:7';
const contentKey = randomBytes(32);

/** A field element as X25519 writes it: 32 bytes, little-endian; `topBit` sets the ignored bit 255. */
function littleEndian(value: bigint, topBit = false): Buffer {
  const bytes = Buffer.alloc(32);
  let rest = value | (topBit ? 1n << 255n : 0n);
  for (let index = 0; index < 32; index += 1, rest >>= 8n) bytes[index] = Number(rest & 0xffn);
  return bytes;
}

function sealRefuses(key: Buffer): boolean {
  try {
    sealEnvelope(contentKey, key, context);
    return false;
  } catch (error) {
    assert.ok(error instanceof EnvelopeError, String(error));
    return true;
  }
}

test('flags exactly the keys OpenSSL refuses to seal to, top bit set or not', () => {
  const order8 = [
    'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  ];
  const candidates = [
    ...[0n, 1n, p - 1n, p, p + 1n].map((value) => littleEndian(value)),
    ...order8.map((hex) => Buffer.from(hex, 'hex')),
    // Neighbours of the low-order values, and ordinary keys: all usable.
    ...[2n, 3n, 9n, 255n, p - 2n, p + 2n, p + 18n].map((value) => littleEndian(value)),
    ...Array.from({ length: 20 }, () => generateX25519KeyPair().publicKey),
    ...Array.from({ length: 20 }, () => randomBytes(32)),
  ];
  let flagged = 0;
  for (const key of candidates.flatMap((key) => [key, withTopBit(key)])) {
    assert.equal(isLowOrderX25519Key(key), sealRefuses(key), key.toString('hex'));
    if (isLowOrderX25519Key(key)) flagged += 1;
  }
  assert.equal(flagged, 14);
  assert.equal(isLowOrderX25519Key(Buffer.alloc(31)), false, 'a wrong length is left to the schema');
});

test('an unlock body naming a low-order recipientKey is a 400 naming the field', () => {
  const body = {
    unlock: {
      artist: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      trackId: '7',
      listener: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      recipientKey: `0x${littleEndian(1n, true).toString('hex')}`,
      nonce: `0x${randomBytes(32).toString('hex')}`,
      deadline: '1',
    },
    signature: `0x${randomBytes(65).toString('hex')}`,
  };
  assert.throws(
    () => parseBody(unlockBodySchema, body),
    (error) =>
      error instanceof KeyServerError &&
      error.code === 'BAD_REQUEST' &&
      /"unlock\.recipientKey" is a low-order X25519 point/.test(error.message),
  );
  const usable = `0x${generateX25519KeyPair().publicKey.toString('hex')}`;
  assert.equal(
    parseBody(unlockBodySchema, { ...body, unlock: { ...body.unlock, recipientKey: usable } }).unlock
      .recipientKey,
    usable,
  );
});

function withTopBit(key: Buffer): Buffer {
  const copy = Buffer.from(key);
  copy[31] = (copy[31] ?? 0) | 0x80;
  return copy;
}
