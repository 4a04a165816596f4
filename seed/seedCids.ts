// CIDs as the seed keys them: CIDv1 in base32, whatever form a client or a publisher wrote.
import { CID } from 'multiformats/cid';

/** Longer than any real CID: refused before parsing. */
export const maxCidChars = 256;

/** The canonical (CIDv1, base32) form of `text`, or null when it is not a CID. */
export function normalizeCid(text: string): string | null {
  if (text.length === 0 || text.length > maxCidChars) return null;
  try {
    return CID.parse(text).toV1().toString();
  } catch {
    return null;
  }
}
