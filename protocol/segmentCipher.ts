import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { Bsk1Error } from './bsk1Error';
import { HEADER_BYTES, TAG_BYTES } from './bsk1Layout';
import { NONCE_PREFIX_BYTES } from './bsk1Header';
import { assertContentKey } from './keyCommitment';

/**
 * Encrypts and decrypts single `BSK1` segments (PROTOCOL §1): AES-256-GCM with
 * nonce = prefix ‖ u32 index and aad = header ‖ u32 index.
 */
export class SegmentCipher {
  // A KeyObject is imported once; handing raw key bytes to every createCipheriv costs ~25% at 64 KiB.
  private readonly key: KeyObject;
  private readonly nonce = Buffer.alloc(NONCE_PREFIX_BYTES + 4);
  private readonly aad = Buffer.alloc(HEADER_BYTES + 4);

  constructor(contentKey: Uint8Array, header: Uint8Array) {
    assertContentKey(contentKey);
    if (header.length !== HEADER_BYTES) throw new RangeError(`A BSK1 header is ${HEADER_BYTES} bytes`);
    this.key = createSecretKey(Buffer.from(contentKey));
    this.aad.set(header, 0);
    this.nonce.set(header.subarray(8, 8 + NONCE_PREFIX_BYTES), 0);
  }

  /** Returns the ciphertext and the tag of segment `index`. */
  encrypt(index: number, plaintext: Uint8Array): { ciphertext: Buffer; tag: Buffer } {
    const cipher = createCipheriv('aes-256-gcm', this.key, this.nonceFor(index));
    cipher.setAAD(this.aadFor(index));
    const ciphertext = cipher.update(plaintext);
    cipher.final();
    return { ciphertext, tag: cipher.getAuthTag() };
  }

  /** Decrypts segment `index` (ciphertext ‖ tag); throws `Bsk1Error('TAG_MISMATCH')` before returning any byte. */
  decrypt(index: number, stored: Uint8Array): Buffer {
    const bodyLength = stored.length - TAG_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', this.key, this.nonceFor(index), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(this.aadFor(index));
    decipher.setAuthTag(stored.subarray(bodyLength));
    const plaintext = decipher.update(stored.subarray(0, bodyLength));
    try {
      decipher.final();
    } catch {
      throw new Bsk1Error(
        'TAG_MISMATCH',
        `Segment ${index} of this encrypted track failed its integrity check: the key is wrong, or the file was damaged or altered`,
      );
    }
    return plaintext;
  }

  // node:crypto copies the nonce and processes the AAD during the call, so both buffers are reused.
  private nonceFor(index: number): Buffer {
    this.nonce.writeUInt32BE(index, NONCE_PREFIX_BYTES);
    return this.nonce;
  }

  private aadFor(index: number): Buffer {
    this.aad.writeUInt32BE(index, HEADER_BYTES);
    return this.aad;
  }
}
