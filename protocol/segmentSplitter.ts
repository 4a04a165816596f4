/**
 * Cuts a stream of chunks, of any sizes, into consecutive segments of known sizes. A segment
 * that lies inside one chunk is a view of it; only a segment that straddles chunks is copied,
 * into one reused buffer. A yielded segment is valid until the generator is resumed.
 */
export class SegmentSplitter {
  private readonly buffer: Buffer;
  private filled = 0;
  private index: number;
  private remaining: number;

  /**
   * @param sizeOf the size of segment `index`
   * @param firstIndex the index of the first segment the chunks hold
   * @param totalBytes how many bytes all the segments hold together
   * @param largestSegment the size of the largest segment, for the buffer that straddling ones are copied into
   */
  constructor(
    private readonly sizeOf: (index: number) => number,
    firstIndex: number,
    totalBytes: number,
    largestSegment: number,
  ) {
    this.index = firstIndex;
    this.remaining = totalBytes;
    this.buffer = Buffer.allocUnsafe(Math.min(largestSegment, totalBytes));
  }

  /** Bytes still expected: a chunk longer than this is too long. */
  get bytesExpected(): number {
    return this.remaining;
  }

  /** The index of the next segment to complete. */
  get nextIndex(): number {
    return this.index;
  }

  *push(chunk: Uint8Array): Generator<{ index: number; bytes: Uint8Array }> {
    if (chunk.length > this.remaining) {
      throw new RangeError(`${chunk.length - this.remaining} bytes more than expected`);
    }
    this.remaining -= chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const size = this.sizeOf(this.index);
      const available = chunk.length - offset;
      if (this.filled === 0 && available >= size) {
        yield { index: this.index++, bytes: chunk.subarray(offset, offset + size) };
        offset += size;
        continue;
      }
      const take = Math.min(size - this.filled, available);
      this.buffer.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === size) {
        this.filled = 0;
        yield { index: this.index++, bytes: this.buffer.subarray(0, size) };
      }
    }
  }
}
