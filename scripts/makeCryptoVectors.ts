/**
 * Writes the known-answer vectors in protocol/testVectors/ (PROTOCOL §1, §2 and the key
 * commitment): `node --import tsx scripts/makeCryptoVectors.ts`. Every input is fixed, so
 * running it again must leave the files unchanged; a change means the format changed.
 */
import { createHash, diffieHellman, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptBsk1 } from '../protocol/bsk1Encrypt';
import { envelopeContext, sealEnvelope, x25519PublicKey } from '../protocol/envelope';
import { keyCommitment } from '../protocol/keyCommitment';

const outDir = join(import.meta.dirname, '..', 'protocol', 'testVectors');
// Containers up to this size are stored whole, as hex; larger ones by their sha256.
const HEX_LIMIT = 10_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const contentKey = sha256('busker test vector: content key');
const noncePrefix = Buffer.from('f0e1d2c3b4a59687', 'hex');

function pattern(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, index) => index % 251));
}

async function container(plaintext: Buffer, segmentBits: number): Promise<Buffer> {
  const source = (async function* () {
    yield plaintext;
  })();
  const parts: Buffer[] = [];
  const options = { key: contentKey, noncePrefix, segmentBits, plaintextLength: plaintext.length };
  for await (const part of encryptBsk1(source, options)) parts.push(part);
  return Buffer.concat(parts);
}

async function bsk1Vectors(): Promise<object> {
  const cases = [
    { name: 'one byte', segmentBits: 12, plaintext: Buffer.from('42', 'hex'), patterned: false },
    {
      name: 'one full segment and a short one',
      segmentBits: 12,
      plaintext: pattern(4096 + 100),
      patterned: true,
    },
    { name: 'exactly two segments', segmentBits: 12, plaintext: pattern(8192), patterned: true },
    {
      name: 'default 64 KiB segments, last one short',
      segmentBits: 16,
      plaintext: pattern(200_000),
      patterned: true,
    },
    { name: 'largest segments, 16 MiB', segmentBits: 24, plaintext: pattern(2 ** 24 + 1), patterned: true },
  ];
  const vectors = [];
  for (const { name, segmentBits, plaintext, patterned } of cases) {
    const bytes = await container(plaintext, segmentBits);
    vectors.push({
      name,
      segmentBits,
      plaintextLength: plaintext.length,
      ...(patterned ? { plaintext: 'pattern' } : { plaintextHex: plaintext.toString('hex') }),
      containerSize: bytes.length,
      headerHex: bytes.subarray(0, 24).toString('hex'),
      containerSha256: createHash('sha256').update(bytes).digest('hex'),
      ...(bytes.length <= HEX_LIMIT ? { containerHex: bytes.toString('hex') } : {}),
    });
  }
  return {
    description:
      'BSK1 containers (PROTOCOL §1). "plaintext": "pattern" means byte i of the plaintext is i mod 251.',
    contentKeyHex: contentKey.toString('hex'),
    noncePrefixHex: noncePrefix.toString('hex'),
    vectors,
  };
}

function envelopeVector(): object {
  const recipientPrivateKey = sha256('busker test vector: recipient private key');
  const ephemeralPrivateKey = sha256('busker test vector: ephemeral private key');
  const recipientPublicKey = x25519PublicKey(recipientPrivateKey);
  const ephemeralPublicKey = x25519PublicKey(ephemeralPrivateKey);
  const chainId = 31337;
  const artist = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  const trackId = 7;
  const context = envelopeContext(chainId, artist, trackId);
  const envelope = sealEnvelope(contentKey, recipientPublicKey, context, ephemeralPrivateKey);
  // The intermediate values, so another implementation can find the step it gets wrong.
  const jwk = (d: Buffer, x: Buffer) =>
    createPrivateKey({
      key: { kty: 'OKP', crv: 'X25519', d: d.toString('base64url'), x: x.toString('base64url') },
      format: 'jwk',
    });
  const shared = diffieHellman({
    privateKey: jwk(ephemeralPrivateKey, ephemeralPublicKey),
    publicKey: createPublicKey(jwk(recipientPrivateKey, recipientPublicKey)),
  });
  const kek = Buffer.from(
    hkdfSync(
      'sha256',
      shared,
      Buffer.concat([ephemeralPublicKey, recipientPublicKey]),
      'busker:envelope:v1',
      32,
    ),
  );
  return {
    description:
      'A key envelope (PROTOCOL §2) sealing the content key of bsk1.json, with a fixed ephemeral key.',
    recipientPrivateKeyHex: recipientPrivateKey.toString('hex'),
    recipientPublicKeyHex: recipientPublicKey.toString('hex'),
    ephemeralPrivateKeyHex: ephemeralPrivateKey.toString('hex'),
    ephemeralPublicKeyHex: ephemeralPublicKey.toString('hex'),
    chainId,
    artist,
    trackId,
    context,
    contentKeyHex: contentKey.toString('hex'),
    sharedSecretHex: shared.toString('hex'),
    kekHex: kek.toString('hex'),
    envelopeHex: envelope.toString('hex'),
    envelopeB64u: envelope.toString('base64url'),
  };
}

function commitmentVectors(): object {
  const keys = [contentKey, Buffer.alloc(32), Buffer.from(Array.from({ length: 32 }, (_, index) => index))];
  return {
    description: 'Key commitments: sha256("busker:key-commitment:v1" ‖ CK) (PROTOCOL §1).',
    vectors: keys.map((key) => ({
      contentKeyHex: key.toString('hex'),
      commitment: `0x${keyCommitment(key).toString('hex')}`,
    })),
  };
}

const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
await writeFile(join(outDir, 'bsk1.json'), json(await bsk1Vectors()));
await writeFile(join(outDir, 'envelope.json'), json(envelopeVector()));
await writeFile(join(outDir, 'commitment.json'), json(commitmentVectors()));
console.log(`Wrote the crypto test vectors to ${outDir}`);
