import { randomBytes } from 'node:crypto';
import { Bsk1Error } from './bsk1Error';
import { serializeBsk1Header, NONCE_PREFIX_BYTES } from './bsk1Header';
import { bsk1Layout, DEFAULT_SEGMENT_BITS, plaintextSegmentSize } from './bsk1Layout';
import { SegmentCipher } from './segmentCipher';
import { SegmentSplitter } from './segmentSplitter';
import { assertContentKey } from './keyCommitment';

export interface Bsk1EncryptOptions {
  /** The content key: 32 random bytes, fresh for each track. */
  key: Uint8Array;
  /** Exactly how many bytes `source` yields. */
  plaintextLength: number;
  /** Segments hold 2^segmentBits plaintext bytes; 12 to 24, default 16 (64 KiB). */
  segmentBits?: number;
  /** For known-answer tests only: everywhere else the prefix must be random. */
  noncePrefix?: Uint8Array;
}

/**
 * Encrypts `source` into a `BSK1` container (PROTOCOL §1) while reading it: yields the header,
 * then each segment's ciphertext and tag. Throws `Bsk1Error('BAD_SIZE')` when `source` yields
 * more or fewer bytes than `plaintextLength`; the last segment is held back until `source` has
 * ended, so a source that runs long never produces a complete-looking container. It is done
 * with each chunk of `source` before it asks for the next, so a source may reuse one buffer.
 */
export async function* encryptBsk1(
  source: AsyncIterable<Uint8Array>,
  options: Bsk1EncryptOptions,
): AsyncGenerator<Buffer> {
  assertContentKey(options.key);
  const layout = bsk1Layout(options.plaintextLength, options.segmentBits ?? DEFAULT_SEGMENT_BITS);
  const header = serializeBsk1Header({
    segmentBits: layout.segmentBits,
    noncePrefix: options.noncePrefix ?? randomBytes(NONCE_PREFIX_BYTES),
    plaintextLength: layout.plaintextLength,
  });
  const cipher = new SegmentCipher(options.key, header);
  const splitter = new SegmentSplitter(
    (index) => plaintextSegmentSize(layout, index),
    0,
    layout.plaintextLength,
    layout.segmentSize,
  );
  const lastIndex = layout.segmentCount - 1;
  let last: { ciphertext: Buffer; tag: Buffer } | undefined;

  yield header;
  for await (const chunk of source) {
    if (chunk.length > splitter.bytesExpected) {
      throw new Bsk1Error(
        'BAD_SIZE',
        `The input is longer than the ${layout.plaintextLength} bytes it was said to have (did the file change while it was read?)`,
      );
    }
    for (const segment of splitter.push(chunk)) {
      const sealed = cipher.encrypt(segment.index, segment.bytes);
      if (segment.index === lastIndex) {
        last = sealed;
      } else {
        yield sealed.ciphertext;
        yield sealed.tag;
      }
    }
  }
  if (!last) {
    throw new Bsk1Error(
      'BAD_SIZE',
      `The input ended after ${layout.plaintextLength - splitter.bytesExpected} of the ${layout.plaintextLength} bytes it was said to have (did the file change while it was read?)`,
    );
  }
  yield last.ciphertext;
  yield last.tag;
}
