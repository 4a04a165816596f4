import { Bsk1Error } from './bsk1Error';
import {
  HEADER_BYTES,
  isValidPlaintextLength,
  isValidSegmentBits,
  MAX_SEGMENT_BITS,
  MIN_SEGMENT_BITS,
} from './bsk1Layout';

/** The 24-byte header of a `BSK1` container (PROTOCOL §1). */

const MAGIC = Buffer.from('BSK1', 'ascii');
export const BSK1_VERSION = 1;
export const ALGORITHM_AES_256_GCM = 1;
export const NONCE_PREFIX_BYTES = 8;

export interface Bsk1Header {
  readonly segmentBits: number;
  readonly noncePrefix: Buffer;
  readonly plaintextLength: number;
  /** The header exactly as stored: every segment authenticates it as part of its AAD. */
  readonly bytes: Buffer;
}

export function serializeBsk1Header(fields: {
  segmentBits: number;
  noncePrefix: Uint8Array;
  plaintextLength: number;
}): Buffer {
  if (fields.noncePrefix.length !== NONCE_PREFIX_BYTES) {
    throw new RangeError(`A nonce prefix is ${NONCE_PREFIX_BYTES} bytes, not ${fields.noncePrefix.length}`);
  }
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes[4] = BSK1_VERSION;
  bytes[5] = ALGORITHM_AES_256_GCM;
  bytes[6] = fields.segmentBits;
  bytes[7] = 0;
  bytes.set(fields.noncePrefix, 8);
  bytes.writeBigUInt64BE(BigInt(fields.plaintextLength), 16);
  return bytes;
}

/** Reads and checks a header; throws `Bsk1Error('BAD_HEADER')` saying which field is wrong. */
export function parseBsk1Header(stored: Uint8Array): Bsk1Header {
  if (stored.length !== HEADER_BYTES) {
    throw new Bsk1Error(
      'BAD_HEADER',
      `A BSK1 header is ${HEADER_BYTES} bytes, but ${stored.length} were read`,
    );
  }
  const bytes = Buffer.from(stored);
  if (!bytes.subarray(0, 4).equals(MAGIC)) {
    throw new Bsk1Error('BAD_HEADER', 'This is not a Busker encrypted track: it does not start with "BSK1"');
  }
  const [version, algorithm, segmentBits, reserved] = bytes.subarray(4, 8);
  if (version !== BSK1_VERSION) {
    throw new Bsk1Error(
      'BAD_HEADER',
      `This encrypted track is in format version ${version}, which this Busker cannot read (it reads version ${BSK1_VERSION})`,
    );
  }
  if (algorithm !== ALGORITHM_AES_256_GCM) {
    throw new Bsk1Error(
      'BAD_HEADER',
      `This encrypted track uses cipher number ${algorithm}, which Busker does not know`,
    );
  }
  if (segmentBits === undefined || !isValidSegmentBits(segmentBits)) {
    throw new Bsk1Error(
      'BAD_HEADER',
      `This encrypted track's header is damaged: its segment size 2^${segmentBits} is outside 2^${MIN_SEGMENT_BITS} to 2^${MAX_SEGMENT_BITS}`,
    );
  }
  if (reserved !== 0) {
    throw new Bsk1Error(
      'BAD_HEADER',
      `This encrypted track's header is damaged: its reserved byte is ${reserved}, not 0`,
    );
  }
  const length = bytes.readBigUInt64BE(16);
  const plaintextLength = Number(length);
  if (!isValidPlaintextLength(plaintextLength) || BigInt(plaintextLength) !== length) {
    throw new Bsk1Error(
      'BAD_HEADER',
      `This encrypted track's header is damaged: it claims ${length} bytes of audio, outside 1 to 2^40 - 1`,
    );
  }
  return { segmentBits, noncePrefix: bytes.subarray(8, 16), plaintextLength, bytes };
}
