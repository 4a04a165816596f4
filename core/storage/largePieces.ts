/**
 * Regroups a byte stream into pieces of at least `size` bytes (the last may be shorter). The
 * UnixFS chunker copies every small piece it is handed into its own list, so an encrypted track,
 * which arrives as 64 KiB segments and 16-byte tags, adds far faster gathered first: one copy each
 * byte, into a buffer that is handed on whole. Pieces already that large pass through untouched.
 */
export async function* largePieces(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size = 1024 * 1024,
): AsyncGenerator<Uint8Array> {
  let buffer: Buffer | null = null;
  let filled = 0;
  for await (const chunk of source) {
    if (filled === 0 && chunk.length >= size) {
      yield chunk;
      continue;
    }
    let offset = 0;
    while (offset < chunk.length) {
      buffer ??= Buffer.allocUnsafe(size);
      const take = Math.min(size - filled, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = null;
        filled = 0;
      }
    }
  }
  if (buffer && filled > 0) yield buffer.subarray(0, filled);
}
