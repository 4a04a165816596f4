// The master key that encrypts everything secret at rest (content keys, the server's X25519
// identity): AES-256-GCM, a random nonce per row, and the row's own name as associated data, so a
// sealed value copied into another row does not open there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

export const MASTER_KEY_BYTES = 32;
const SEALED_VERSION = 1;
const KEY_ID_BYTES = 8;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;

export type MasterKeyErrorCode = 'MASTER_KEY_MALFORMED' | 'MASTER_KEY_MISMATCH' | 'SEALED_VALUE_CORRUPT';

export class MasterKeyError extends Error {
  constructor(
    readonly code: MasterKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/**
 * A 32-byte master key. It never prints: `String()`, `JSON.stringify` and `console.log` show
 * only its id (a one-way hash), so it cannot leak into a log by accident.
 */
export class MasterKey {
  readonly #key: Buffer;
  /** 16 hex digits naming this key (a hash of it); safe to log and to store beside sealed rows. */
  readonly id: string;

  private constructor(key: Buffer) {
    this.#key = key;
    this.id = createHash('sha256')
      .update('busker-keyserver:master-key-id:v1')
      .update(key)
      .digest()
      .subarray(0, KEY_ID_BYTES)
      .toString('hex');
  }

  static generate(): MasterKey {
    return new MasterKey(randomBytes(MASTER_KEY_BYTES));
  }

  static fromBytes(bytes: Uint8Array): MasterKey {
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new MasterKeyError(
        'MASTER_KEY_MALFORMED',
        `A master key is ${MASTER_KEY_BYTES} bytes, not ${bytes.length}.`,
      );
    }
    return new MasterKey(Buffer.from(bytes));
  }

  /** Parses 64 hex digits (optionally 0x-prefixed) or base64/base64url of 32 bytes; whitespace around it is ignored. */
  static fromText(text: string): MasterKey {
    const bytes = parseMasterKeyText(text);
    if (!bytes) {
      throw new MasterKeyError(
        'MASTER_KEY_MALFORMED',
        'A master key is 32 random bytes written as 64 hex digits or as base64 ' +
          '(make one with `openssl rand -hex 32`).',
      );
    }
    return new MasterKey(bytes);
  }

  /** Encrypts `plaintext` for the row named by `aad`: version ‖ key id ‖ nonce ‖ ciphertext ‖ tag. */
  seal(plaintext: Uint8Array, aad: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const header = Buffer.concat([Buffer.from([SEALED_VERSION]), Buffer.from(this.id, 'hex'), nonce]);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
    return Buffer.concat([header, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  /** Decrypts a value `seal` made for the same `aad`; throws `MasterKeyError` otherwise. */
  open(sealed: Uint8Array, aad: string): Buffer {
    const bytes = Buffer.from(sealed);
    if (bytes.length < HEADER_BYTES + TAG_BYTES || bytes[0] !== SEALED_VERSION) {
      throw new MasterKeyError(
        'SEALED_VALUE_CORRUPT',
        'A sealed value in the database is not in a known format.',
      );
    }
    const keyId = bytes.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
    if (keyId !== this.id) {
      throw new MasterKeyError(
        'MASTER_KEY_MISMATCH',
        `The database was sealed under master key ${keyId}, but the key supplied is ${this.id}. ` +
          'Start the key server with the master key this database was written with.',
      );
    }
    const header = bytes.subarray(0, HEADER_BYTES);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.#key,
      bytes.subarray(1 + KEY_ID_BYTES, HEADER_BYTES),
    );
    decipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new MasterKeyError(
        'SEALED_VALUE_CORRUPT',
        `A sealed value for "${aad}" does not authenticate: it was altered or moved from another row.`,
      );
    }
  }

  toString(): string {
    return `MasterKey(${this.id})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function parseMasterKeyText(text: string): Buffer | null {
  const trimmed = text.trim();
  const hex = trimmed.startsWith('0x') ? trimmed.slice(2) : trimmed;
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === MASTER_KEY_BYTES) return bytes;
  }
  return null;
}
