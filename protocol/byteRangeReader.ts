import { createReadStream } from 'node:fs';

/** Reads `length` bytes of a container from `offset`, in chunks of any size (IPFS and files both provide this). */
export type ByteRangeReader = (offset: number, length: number) => AsyncIterable<Uint8Array>;

// Larger than the 64 KiB default: fewer reads and fewer segments straddling two chunks.
const FILE_CHUNK_BYTES = 1024 * 1024;

/** A reader of the file at `path`. */
export function fileByteRangeReader(path: string): ByteRangeReader {
  return async function* read(offset, length) {
    if (length === 0) return;
    yield* createReadStream(path, {
      start: offset,
      end: offset + length - 1,
      highWaterMark: FILE_CHUNK_BYTES,
    }) as AsyncIterable<Buffer>;
  };
}

/** A reader of bytes in memory, cut into chunks of `chunkSize` bytes (benchmarks and tests). */
export function memoryByteRangeReader(bytes: Uint8Array, chunkSize = FILE_CHUNK_BYTES): ByteRangeReader {
  return async function* read(offset, length) {
    const end = Math.min(bytes.length, offset + length);
    for (let start = offset; start < end; start += chunkSize) {
      yield bytes.subarray(start, Math.min(end, start + chunkSize));
    }
  };
}
