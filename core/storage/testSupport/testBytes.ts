/** Test data both sides of a test can make from a seed, and helpers to move it through stores. */
import { createCipheriv, createHash } from 'node:crypto';

/** `size` pseudo-random bytes fixed by `seed` (AES-256-CTR keystream: fast, and never repeats). */
export function seededBytes(size: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** Splits bytes into uneven pieces, as a file read or a network stream would deliver them. */
export function* unevenChunks(
  bytes: Uint8Array,
  sizes: readonly number[] = [1, 65_536, 100_003, 7],
): Generator<Uint8Array> {
  let offset = 0;
  for (let index = 0; offset < bytes.length; index += 1) {
    const size = sizes[index % sizes.length] ?? 1;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

export async function readAll(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}
