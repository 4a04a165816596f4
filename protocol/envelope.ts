import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { assertContentKey, CONTENT_KEY_BYTES } from './keyCommitment';

/** Seals a content key to one recipient for one track (PROTOCOL §2). */

export const ENVELOPE_BYTES = 32 + CONTENT_KEY_BYTES + 16;
const X25519_KEY_BYTES = 32;
const HKDF_INFO = Buffer.from('busker:envelope:v1', 'ascii');
const ZERO_NONCE = Buffer.alloc(12);
// The DER prefix that wraps a raw 32-byte X25519 private key as PKCS#8 for node:crypto.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export interface X25519KeyPair {
  /** Raw 32-byte private key. Never log it. */
  readonly privateKey: Buffer;
  /** Raw 32-byte public key. */
  readonly publicKey: Buffer;
}

export function generateX25519KeyPair(): X25519KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { privateKey: rawPrivateKey(privateKey), publicKey: rawPublicKey(publicKey) };
}

/** The public key that belongs to a raw X25519 private key. */
export function x25519PublicKey(privateKey: Uint8Array): Buffer {
  return rawPublicKey(createPublicKey(privateKeyObject(privateKey)));
}

/** `chainId:artistContract:trackId`, the AAD that binds an envelope to one track. */
export function envelopeContext(chainId: bigint | number, artist: string, trackId: bigint | number): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(artist)) throw new RangeError('The artist must be a 0x-hex address');
  const chain = BigInt(chainId);
  const track = BigInt(trackId);
  // Both are uint256 on chain.
  if (chain < 0n || track < 0n) throw new RangeError('The chain id and track id cannot be negative');
  return `${chain.toString(10)}:${artist.toLowerCase()}:${track.toString(10)}`;
}

/**
 * Seals `contentKey` to `recipientPublicKey` for `context` (see `envelopeContext`).
 * `ephemeralPrivateKey` is for known-answer tests only; leave it out everywhere else.
 */
export function sealEnvelope(
  contentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  context: string,
  ephemeralPrivateKey?: Uint8Array,
): Buffer {
  assertContentKey(contentKey);
  const pair = ephemeralPrivateKey
    ? { privateKey: privateKeyObject(ephemeralPrivateKey), publicKey: undefined }
    : generateKeyPairSync('x25519');
  const ephemeral = pair.privateKey;
  const ephemeralPublic = rawPublicKey(pair.publicKey ?? createPublicKey(ephemeral));
  const recipient = Buffer.from(recipientPublicKey);
  const recipientKey = publicKeyObject(recipient);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: ephemeral, publicKey: recipientKey });
  } catch {
    // OpenSSL refuses low-order points, whose shared secret would be all zeros.
    throw new EnvelopeError("The recipient's public key is not a usable X25519 key");
  }
  const cipher = createCipheriv('aes-256-gcm', envelopeKek(shared, ephemeralPublic, recipient), ZERO_NONCE);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(contentKey), cipher.final()]);
  return Buffer.concat([ephemeralPublic, sealed, cipher.getAuthTag()]);
}

/** Opens an envelope with the recipient's private key; throws `EnvelopeError` unless it authenticates. */
export function openEnvelope(envelope: Uint8Array, recipientPrivateKey: Uint8Array, context: string): Buffer {
  if (envelope.length !== ENVELOPE_BYTES) {
    throw new EnvelopeError(`An envelope is ${ENVELOPE_BYTES} bytes, not ${envelope.length}`);
  }
  const bytes = Buffer.from(envelope);
  const ephemeralPublic = bytes.subarray(0, 32);
  const recipientPrivate = privateKeyObject(recipientPrivateKey);
  const recipientPublic = rawPublicKey(createPublicKey(recipientPrivate));
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: recipientPrivate, publicKey: publicKeyObject(ephemeralPublic) });
  } catch {
    throw new EnvelopeError('The envelope does not open: its ephemeral key is invalid');
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    envelopeKek(shared, ephemeralPublic, recipientPublic),
    ZERO_NONCE,
  );
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(32 + CONTENT_KEY_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(32, 32 + CONTENT_KEY_BYTES)), decipher.final()]);
  } catch {
    throw new EnvelopeError('The envelope does not open: wrong recipient, wrong track, or altered bytes');
  }
}

function envelopeKek(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  const salt = Buffer.concat([ephemeralPublic, recipientPublic]);
  return Buffer.from(hkdfSync('sha256', shared, salt, HKDF_INFO, 32));
}

function privateKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length !== X25519_KEY_BYTES) throw new RangeError('An X25519 private key is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length !== X25519_KEY_BYTES) throw new EnvelopeError('An X25519 public key is 32 bytes');
  // JWK rather than DER on this path of every seal: node:crypto imports and exports it in half the time.
  return createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

function rawPrivateKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_X25519_PREFIX.length);
}

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');
}
