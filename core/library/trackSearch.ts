/**
 * Turns what the user typed into what the library searches for. User text is never FTS syntax:
 * every folded word is quoted (so `"`, `*`, `-`, `(`, `NEAR`, `AND` are plain words) and ends in
 * `*` so a word being typed already matches ("beyon" finds "Beyoncé").
 */
import { searchWords } from './searchFolding';

// Enough for any real search; bounds the work a pasted paragraph can cause.
export const MAX_SEARCH_WORDS = 12;

/**
 * A search: blank text lists everything; text without a single word (symbols, emoji) matches
 * nothing; otherwise every word must match the start of a word in the row.
 */
export type SearchTerms =
  | { kind: 'everything' }
  | { kind: 'nothing' }
  | {
      kind: 'words';
      /** The FTS5 MATCH expression. */
      match: string;
      /** The folded words, one space apart: an exact hit's search key equals it. */
      key: string;
      words: string[];
    };

export function searchTerms(text: string | undefined): SearchTerms {
  if (text === undefined || text.trim() === '') return { kind: 'everything' };
  const words = searchWords(text).slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return { kind: 'nothing' };
  return { kind: 'words', match: words.map((word) => `"${word}"*`).join(' '), key: words.join(' '), words };
}

/** The MATCH expression for `text`, or null when it holds no word. */
export function buildMatchQuery(text: string | undefined): string | null {
  const terms = searchTerms(text);
  return terms.kind === 'words' ? terms.match : null;
}
