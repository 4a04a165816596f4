/**
 * Builds an FTS5 MATCH expression from what the user typed. User text is never FTS syntax:
 * every word is quoted (so `"`, `*`, `-`, `(`, `NEAR`, `AND` are plain words) and ends in `*`
 * so a word being typed already matches ("beyon" finds "Beyoncé").
 */

// Words as the unicode61 tokenizer sees them: letters, numbers and the marks attached to them.
const wordPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

// Enough for any real search; bounds the work a pasted paragraph can cause.
export const MAX_SEARCH_WORDS = 12;

/** The MATCH expression for `text`, or null when it holds no word (list everything). */
export function buildMatchQuery(text: string | undefined): string | null {
  if (text === undefined) return null;
  const words = text.match(wordPattern)?.slice(0, MAX_SEARCH_WORDS) ?? [];
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}
