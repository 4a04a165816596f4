/**
 * Tags are hostile input: any length, any bytes. Everything read from a file passes through
 * here before it reaches the database. HTML is kept verbatim; escaping is the UI's job.
 */

export const MAX_TAG_LENGTH = 500;

// C0/C1 controls (tabs and newlines too: a title is one line) and bidi overrides that can
// make a name render as something else.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A tag value as clean one-line text of at most `MAX_TAG_LENGTH` characters, or null. */
export function cleanTagText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return null;
  const text = toWellFormed(value)
    .replace(unsafeCharacters, ' ')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0) return null;
  if (text.length <= MAX_TAG_LENGTH) return text;
  // Cut on a code point boundary, never through a surrogate pair.
  return Array.from(text).slice(0, MAX_TAG_LENGTH).join('').trimEnd();
}

// Lone surrogates (from broken UTF-16 tags) become U+FFFD so the text is valid UTF-8 in SQLite.
function toWellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A positive whole number within `max`, or null (track numbers, disc numbers, years). */
export function cleanTagNumber(value: unknown, max: number): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return null;
  return value >= 1 && value <= max ? value : null;
}

/** The key a name sorts by: case- and accent-insensitive, leading "The " ignored. */
export function sortKey(name: string): string {
  const folded = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.startsWith('the ') ? folded.slice(4) : folded;
}
