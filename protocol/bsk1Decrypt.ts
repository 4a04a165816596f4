import { Bsk1Error } from './bsk1Error';
import { parseBsk1Header, type Bsk1Header } from './bsk1Header';
import {
  bsk1Layout,
  HEADER_BYTES,
  segmentOffset,
  storedSegmentSize,
  TAG_BYTES,
  type Bsk1Layout,
} from './bsk1Layout';
import type { ByteRangeReader } from './byteRangeReader';
import { assertContentKey } from './keyCommitment';
import { SegmentCipher } from './segmentCipher';
import { SegmentSplitter } from './segmentSplitter';

export { Bsk1Error } from './bsk1Error';
export type { Bsk1ErrorCode } from './bsk1Error';
export type { Bsk1Header } from './bsk1Header';
export type { ByteRangeReader } from './byteRangeReader';

export interface Bsk1Reader {
  /** Parsed and checked, but authenticated only as each segment is: trust it after a segment decrypts. */
  readonly header: Bsk1Header;
  readonly plaintextLength: number;
  /**
   * Yields plaintext bytes `[start, endExclusive)`: one read of the segments that cover the
   * range, each decrypted as its bytes arrive and yielded only once its tag verified.
   * Throws `Bsk1Error` at the first segment that fails; nothing of that segment is yielded.
   */
  readPlaintext(start: number, endExclusive: number): AsyncGenerator<Buffer>;
}

/** Reads and checks a container's header; throws `Bsk1Error` if it or `containerSize` is wrong. */
export async function openBsk1(
  read: ByteRangeReader,
  containerSize: number,
  key: Uint8Array,
): Promise<Bsk1Reader> {
  assertContentKey(key);
  if (!Number.isSafeInteger(containerSize) || containerSize < 0) {
    throw new RangeError(`A container size is a whole number of bytes, not ${containerSize}`);
  }
  if (containerSize <= HEADER_BYTES) {
    throw new Bsk1Error(
      'BAD_SIZE',
      `This file is ${containerSize} bytes, too short to be a Busker encrypted track (that takes at least ${HEADER_BYTES + 1 + TAG_BYTES})`,
    );
  }
  const header = parseBsk1Header(await readExactly(read, 0, HEADER_BYTES));
  const layout = bsk1Layout(header.plaintextLength, header.segmentBits);
  if (containerSize !== layout.containerSize) {
    const how = containerSize < layout.containerSize ? 'cut short' : 'has extra bytes at the end';
    throw new Bsk1Error(
      'BAD_SIZE',
      `This encrypted track is ${containerSize} bytes but its header says ${layout.containerSize}: the file is ${how}`,
    );
  }
  const cipher = new SegmentCipher(key, header.bytes);
  return {
    header,
    plaintextLength: header.plaintextLength,
    readPlaintext: (start, endExclusive) => readPlaintext(read, layout, cipher, start, endExclusive),
  };
}

async function* readPlaintext(
  read: ByteRangeReader,
  layout: Bsk1Layout,
  cipher: SegmentCipher,
  start: number,
  endExclusive: number,
): AsyncGenerator<Buffer> {
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(endExclusive) ||
    start < 0 ||
    start > endExclusive ||
    endExclusive > layout.plaintextLength
  ) {
    throw new RangeError(
      `Cannot read bytes [${start}, ${endExclusive}) of a track of ${layout.plaintextLength} bytes`,
    );
  }
  if (start === endExclusive) return;
  const first = Math.floor(start / layout.segmentSize);
  const last = Math.floor((endExclusive - 1) / layout.segmentSize);
  const spanStart = segmentOffset(layout, first);
  const spanLength = segmentOffset(layout, last) + storedSegmentSize(layout, last) - spanStart;
  const splitter = new SegmentSplitter(
    (index) => storedSegmentSize(layout, index),
    first,
    spanLength,
    layout.segmentSize + TAG_BYTES,
  );

  for await (const chunk of read(spanStart, spanLength)) {
    if (chunk.length > splitter.bytesExpected) {
      throw new Bsk1Error('BAD_SIZE', 'Reading the encrypted track returned more bytes than were asked for');
    }
    for (const segment of splitter.push(chunk)) {
      const plaintext = cipher.decrypt(segment.index, segment.bytes);
      const segmentStart = segment.index * layout.segmentSize;
      const from = Math.max(0, start - segmentStart);
      const to = Math.min(plaintext.length, endExclusive - segmentStart);
      yield from === 0 && to === plaintext.length ? plaintext : plaintext.subarray(from, to);
    }
  }
  if (splitter.bytesExpected > 0) {
    throw new Bsk1Error(
      'BAD_SIZE',
      `The encrypted track ended ${splitter.bytesExpected} bytes early, in segment ${splitter.nextIndex}`,
    );
  }
}

async function readExactly(read: ByteRangeReader, offset: number, length: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of read(offset, length)) {
    chunks.push(chunk);
    received += chunk.length;
  }
  if (received !== length) {
    throw new Bsk1Error(
      'BAD_SIZE',
      `Expected ${length} bytes of the encrypted track at byte ${offset}, got ${received}`,
    );
  }
  return Buffer.concat(chunks, length);
}
