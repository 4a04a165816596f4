/**
 * PROTOCOL §1 and §2 re-implemented step by step with node:crypto alone, and run on the
 * committed vectors. Nothing here imports Busker's crypto code: if this passes, the vectors
 * follow the protocol as written, and testVectors.test.ts holds our code to the vectors.
 */
import assert from 'node:assert/strict';
import {
  createDecipheriv,
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
} from 'node:crypto';
import { test } from 'node:test';
import bsk1 from './testVectors/bsk1.json' with { type: 'json' };
import commitments from './testVectors/commitment.json' with { type: 'json' };
import envelope from './testVectors/envelope.json' with { type: 'json' };

const hex = (text: string) => Buffer.from(text, 'hex');
const u32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};
/** The vectors' plaintext pattern: byte i is i mod 251. */
function pattern(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = i % 251;
  return bytes;
}

test('§2: the envelope opens to the content key, which matches its §1 commitment', () => {
  const sealed = hex(envelope.envelopeHex);
  assert.equal(sealed.length, 80);
  const ephemeralPublic = sealed.subarray(0, 32);
  const ciphertext = sealed.subarray(32, 64);
  const tag = sealed.subarray(64, 80);

  // The recipient's key pair through JWK; the public key is derived from d again and checked.
  const b64u = (bytes: Buffer) => bytes.toString('base64url');
  const recipientPrivate = createPrivateKey({
    key: {
      kty: 'OKP',
      crv: 'X25519',
      d: b64u(hex(envelope.recipientPrivateKeyHex)),
      x: b64u(hex(envelope.recipientPublicKeyHex)),
    },
    format: 'jwk',
  });
  const recipientPublic = Buffer.from(
    createPublicKey(recipientPrivate).export({ format: 'jwk' }).x ?? '',
    'base64url',
  );
  assert.equal(recipientPublic.toString('hex'), envelope.recipientPublicKeyHex);

  // 1. shared = X25519(r, Epub)  (the same value as X25519(e, Rpub) on the sender's side)
  const shared = diffieHellman({
    privateKey: recipientPrivate,
    publicKey: createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: b64u(ephemeralPublic) },
      format: 'jwk',
    }),
  });
  assert.equal(shared.toString('hex'), envelope.sharedSecretHex);

  // 2. kek = HKDF-SHA256(ikm = shared, salt = Epub ‖ Rpub, info = "busker:envelope:v1", 32 bytes)
  const kek = Buffer.from(
    hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), 'busker:envelope:v1', 32),
  );
  assert.equal(kek.toString('hex'), envelope.kekHex);

  // 3. CK = AES-256-GCM-open(kek, nonce = 12 zero bytes, ct, tag, aad = "chainId:artist:trackId")
  const context = `${envelope.chainId}:${envelope.artist.toLowerCase()}:${envelope.trackId}`;
  assert.equal(context, envelope.context);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.alloc(12));
  decipher.setAAD(Buffer.from(context, 'ascii'));
  decipher.setAuthTag(tag);
  const contentKey = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  assert.equal(contentKey.toString('hex'), bsk1.contentKeyHex);

  // Key commitment: sha256("busker:key-commitment:v1" ‖ CK)
  const commitment = createHash('sha256').update('busker:key-commitment:v1').update(contentKey).digest('hex');
  assert.equal(`0x${commitment}`, commitments.vectors[0]?.commitment);
});

test('§1: a container of several segments decrypts segment by segment', () => {
  const vector = bsk1.vectors.find((candidate) => candidate.name === 'one full segment and a short one');
  assert.ok(vector?.containerHex);
  const file = hex(vector.containerHex);
  const key = hex(bsk1.contentKeyHex);

  // The 24-byte header, field by field.
  const header = file.subarray(0, 24);
  assert.equal(header.subarray(0, 4).toString('ascii'), 'BSK1');
  assert.equal(header[4], 1, 'version');
  assert.equal(header[5], 1, 'algorithm: AES-256-GCM');
  const n = header[6] ?? 0;
  assert.ok(n >= 12 && n <= 24);
  assert.equal(header[7], 0, 'reserved');
  const noncePrefix = header.subarray(8, 16);
  const length = Number(header.readBigUInt64BE(16));

  // ceil(L / 2^n) segments, each ciphertext ‖ 16-byte tag, and nothing after them.
  const segmentSize = 2 ** n;
  const count = Math.ceil(length / segmentSize);
  assert.equal(count, 2);
  assert.equal(file.length, 24 + length + 16 * count);

  const plaintext: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = 24 + i * (segmentSize + 16);
    const size = Math.min(segmentSize, length - i * segmentSize);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.concat([noncePrefix, u32(i)]));
    decipher.setAAD(Buffer.concat([header, u32(i)]));
    decipher.setAuthTag(file.subarray(start + size, start + size + 16));
    plaintext.push(Buffer.concat([decipher.update(file.subarray(start, start + size)), decipher.final()]));
  }
  assert.deepEqual(Buffer.concat(plaintext), pattern(length));
});

test('§1: encrypting the same plaintext segment by segment gives every committed container', () => {
  const key = hex(bsk1.contentKeyHex);
  for (const vector of bsk1.vectors) {
    const plaintext =
      vector.plaintextHex === undefined ? pattern(vector.plaintextLength) : hex(vector.plaintextHex);
    const header = Buffer.concat([
      Buffer.from('BSK1', 'ascii'),
      Buffer.from([1, 1, vector.segmentBits, 0]),
      hex(bsk1.noncePrefixHex),
      Buffer.alloc(8),
    ]);
    header.writeBigUInt64BE(BigInt(plaintext.length), 16);
    const hash = createHash('sha256').update(header);
    const segmentSize = 2 ** vector.segmentBits;
    for (let i = 0; i * segmentSize < plaintext.length; i += 1) {
      const cipher = createCipheriv('aes-256-gcm', key, Buffer.concat([hex(bsk1.noncePrefixHex), u32(i)]));
      cipher.setAAD(Buffer.concat([header, u32(i)]));
      hash.update(cipher.update(plaintext.subarray(i * segmentSize, (i + 1) * segmentSize)));
      cipher.final();
      hash.update(cipher.getAuthTag());
    }
    assert.equal(hash.digest('hex'), vector.containerSha256, vector.name);
  }
});
