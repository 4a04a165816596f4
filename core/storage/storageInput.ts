/** Checks what callers pass the stores, so a bad CID or range fails with words, not deep in IPFS. */
import { CID } from 'multiformats/cid';
import type { ReadOptions } from './contentStore';

export function parseCid(text: string): CID {
  try {
    return CID.parse(text);
  } catch {
    throw new TypeError(`"${text}" is not a CID: expected something like bafybei… or Qm….`);
  }
}

export function validateRange(options: ReadOptions): { offset: number; length: number | undefined } {
  const offset = options.offset ?? 0;
  const { length } = options;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`A read must start at a whole number of bytes, 0 or more; got ${offset}.`);
  }
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0)) {
    throw new RangeError(`A read length must be a whole number of bytes, 0 or more; got ${length}.`);
  }
  return { offset, length };
}

export function validateCacheLimit(limitBytes: number): number {
  if (!Number.isFinite(limitBytes) || limitBytes < 0) {
    throw new RangeError(`The cache limit must be a number of bytes, 0 or more; got ${limitBytes}.`);
  }
  return limitBytes;
}
