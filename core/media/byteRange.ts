/**
 * HTTP `Range` for one file of known size (RFC 9110 §14).
 *
 * Only single ranges are served. A header asking for several ranges, or that is not a
 * well-formed `bytes=` range, is answered as unsatisfiable (416): media elements ask for one
 * range at a time, and a clear refusal is safer than guessing which range the client meant.
 */
export type ByteRange =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const singleRange = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i;
/** Longer digit strings than this cannot be a safe integer; they mean "beyond any file". */
const maxDigits = 15;

function toOffset(digits: string): number {
  return digits.length > maxDigits ? Number.POSITIVE_INFINITY : Number(digits);
}

/** Decides which bytes of a `size`-byte file a request's `Range` header (or its absence) asks for. */
export function parseByteRange(header: string | null, size: number): ByteRange {
  if (header == null) return { kind: 'full' };
  const match = singleRange.exec(header.trim());
  if (!match) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = match;

  if (first === '') {
    // Suffix range: the last `n` bytes.
    if (last === '') return { kind: 'unsatisfiable' };
    const length = toOffset(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }

  const start = toOffset(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (last === '') return { kind: 'partial', start, end: size - 1 };
  const end = toOffset(last);
  if (end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
