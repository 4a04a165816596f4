/**
 * The same rows as a search's prefix words, found faster. A prefix longer than the index's prefix
 * indexes (1, 2 and 3 characters) makes FTS5 merge the doclists of every term it starts into one
 * buffer before it answers: ~10 ms for a word in every row of a 100,000-track library ("album"),
 * for a count and again for a page. Naming those terms instead ("album" OR "albums") finds the
 * same rows, read lazily: a count takes a third of the time and a first page almost none.
 *
 * Only where the rows matter and their rank does not (counts, pages in library order): bm25 scores
 * a prefix as one phrase and the named terms one by one, so ranked pages keep the prefix.
 */
import type { Database, Statement } from 'better-sqlite3';
import { libraryVersion } from './libraryVersion';

/** The FTS5 indexes searched by prefix words. */
export type SearchIndex = 'track_search' | 'artist_search' | 'album_search';

/** Prefixes up to this many characters are served by the index's own prefix indexes. */
const INDEXED_PREFIX_CHARACTERS = 3;
/** Past this many terms an OR costs more than the merge it replaces: the prefix is kept. */
const MAX_NAMED_TERMS = 16;

/**
 * The first string after every string that starts with `word`: its last character's successor
 * (UTF-8 keeps code point order, so the terms starting with `word` are those in [word, this)), or
 * null after the last code point.
 */
function pastPrefix(word: string): string | null {
  const last = [...word].at(-1) as string;
  const code = last.codePointAt(0) as number;
  if (code === 0x10ffff) return null;
  // The surrogates have no UTF-8 form: after U+D7FF comes U+E000.
  return word.slice(0, -last.length) + String.fromCodePoint(code === 0xd7ff ? 0xe000 : code + 1);
}

export class PrefixTerms {
  private terms: Statement<[string, string, number], string> | null = null;
  /** The last search's words and what they became, while the library is unchanged. */
  private last: { version: string; named: Map<string, string> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly index: SearchIndex,
  ) {}

  /**
   * The MATCH expression for these folded words, each as the terms it starts when those are few
   * (a word starting no term, or too many, stays a prefix).
   */
  match(words: readonly string[]): string {
    // Reading the terms walks each one's rows: a search's page and its grouped result share it.
    const version = libraryVersion(this.db);
    const known = version !== null && this.last?.version === version ? this.last.named : null;
    const named = new Map(words.map((word) => [word, known?.get(word) ?? this.wordMatch(word)]));
    if (version !== null) this.last = { version, named };
    return words.map((word) => named.get(word)).join(' AND ');
  }

  private wordMatch(word: string): string {
    const prefix = `"${word}"*`;
    const past = pastPrefix(word);
    if ([...word].length <= INDEXED_PREFIX_CHARACTERS || past === null) return prefix;
    const terms = this.termsStarting().all(word, past, MAX_NAMED_TERMS + 1);
    if (terms.length === 0 || terms.length > MAX_NAMED_TERMS) return prefix;
    return `(${terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ')})`;
  }

  private termsStarting(): Statement<[string, string, number], string> {
    if (!this.terms) {
      // The vocabulary of the index, per connection: a temp table writes nothing to the library.
      const vocabulary = `temp.${this.index}_terms`;
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${vocabulary} USING fts5vocab(main, ${this.index}, row)`,
      );
      this.terms = this.db
        .prepare<[string, string, number], string>(
          `SELECT term FROM ${vocabulary} WHERE term >= ? AND term < ? LIMIT ?`,
        )
        .pluck();
    }
    return this.terms;
  }
}
