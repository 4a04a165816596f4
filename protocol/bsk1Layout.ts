/** Where each segment of a `BSK1` container lies (PROTOCOL §1): pure size arithmetic. */

export const HEADER_BYTES = 24;
export const TAG_BYTES = 16;
export const MIN_SEGMENT_BITS = 12;
export const MAX_SEGMENT_BITS = 24;
export const DEFAULT_SEGMENT_BITS = 16;
/** L < 2^40: keeps every offset an exact JavaScript number and every segment index a u32. */
export const MAX_PLAINTEXT_LENGTH = 2 ** 40 - 1;

export interface Bsk1Layout {
  readonly plaintextLength: number;
  readonly segmentBits: number;
  /** Plaintext bytes in every segment but (maybe) the last: 2^n. */
  readonly segmentSize: number;
  readonly segmentCount: number;
  readonly containerSize: number;
}

export function isValidSegmentBits(segmentBits: number): boolean {
  return Number.isInteger(segmentBits) && segmentBits >= MIN_SEGMENT_BITS && segmentBits <= MAX_SEGMENT_BITS;
}

export function isValidPlaintextLength(plaintextLength: number): boolean {
  return Number.isInteger(plaintextLength) && plaintextLength >= 1 && plaintextLength <= MAX_PLAINTEXT_LENGTH;
}

export function bsk1Layout(plaintextLength: number, segmentBits = DEFAULT_SEGMENT_BITS): Bsk1Layout {
  if (!isValidPlaintextLength(plaintextLength)) {
    throw new RangeError(
      `A BSK1 container holds 1 to 2^40 - 1 plaintext bytes, so ${plaintextLength} is out of range`,
    );
  }
  if (!isValidSegmentBits(segmentBits)) {
    throw new RangeError(
      `The segment size exponent must be a whole number from ${MIN_SEGMENT_BITS} to ${MAX_SEGMENT_BITS}, not ${segmentBits}`,
    );
  }
  const segmentSize = 2 ** segmentBits;
  const segmentCount = Math.ceil(plaintextLength / segmentSize);
  return {
    plaintextLength,
    segmentBits,
    segmentSize,
    segmentCount,
    containerSize: HEADER_BYTES + plaintextLength + segmentCount * TAG_BYTES,
  };
}

/** The container size that `plaintextLength` bytes encrypt to with 2^`segmentBits`-byte segments. */
export function encryptedSize(plaintextLength: number, segmentBits = DEFAULT_SEGMENT_BITS): number {
  return bsk1Layout(plaintextLength, segmentBits).containerSize;
}

/** Plaintext bytes in segment `index`. */
export function plaintextSegmentSize(layout: Bsk1Layout, index: number): number {
  return Math.min(layout.segmentSize, layout.plaintextLength - index * layout.segmentSize);
}

/** Where segment `index` (ciphertext then tag) starts in the container. */
export function segmentOffset(layout: Bsk1Layout, index: number): number {
  return HEADER_BYTES + index * (layout.segmentSize + TAG_BYTES);
}

/** Stored bytes of segment `index`: its ciphertext and tag. */
export function storedSegmentSize(layout: Bsk1Layout, index: number): number {
  return plaintextSegmentSize(layout, index) + TAG_BYTES;
}
