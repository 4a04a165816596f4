import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { openLibraryDatabase } from './database';
import type { LibraryDatabase } from './database';
import { PrefixTerms } from './prefixTerms';

let workDir: string;
let db: LibraryDatabase;
let terms: PrefixTerms;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-prefix-terms-'));
  db = openLibraryDatabase(join(workDir, 'library.sqlite'));
});
after(async () => {
  db.close();
  await rm(workDir, { recursive: true, force: true });
});
beforeEach(() => {
  db.exec('DELETE FROM track_search');
  terms = new PrefixTerms(db, 'track_search');
});

/** Index rows of folded search keys (title, artist, album), ids from 1. */
function index(rows: ReadonlyArray<readonly [string, string, string]>) {
  const insert = db.prepare('INSERT INTO track_search (rowid, title, artist, album) VALUES (?, ?, ?, ?)');
  rows.forEach((row, at) => insert.run(at + 1, ...row));
}
const rowsFor = (match: string) =>
  db
    .prepare<[string], number>('SELECT rowid FROM track_search WHERE track_search MATCH ? ORDER BY rowid')
    .pluck()
    .all(match);
const prefixMatch = (words: string[]) => words.map((word) => `"${word}"*`).join(' ');

describe('prefix words named as their terms', () => {
  test('a long prefix becomes the terms it starts; the rows are the same', () => {
    index([
      ['golden hour', 'kacey', 'golden hour'],
      ['gold dust', 'tori', 'golder'],
      ['goldfinch', 'someone', 'birds'],
      ['go your own way', 'fleetwood', 'rumours'],
    ]);
    assert.equal(terms.match(['gold']), '("gold" OR "golden" OR "golder" OR "goldfinch")');
    assert.deepEqual(rowsFor(terms.match(['gold'])), [1, 2, 3]);
    assert.deepEqual(rowsFor(terms.match(['golde', 'hour'])), rowsFor(prefixMatch(['golde', 'hour'])));
    assert.deepEqual(rowsFor(terms.match(['golde', 'hour'])), [1]);
  });

  test('short prefixes, prefixes starting no term and prefixes starting many stay prefixes', () => {
    index([
      ['go', 'gol', 'x'],
      [Array.from({ length: 17 }, (_, at) => `many${at}`).join(' '), 'a', 'b'],
    ]);
    assert.equal(terms.match(['gol']), '"gol"*', 'three characters: the prefix index answers');
    assert.equal(terms.match(['nothing']), '"nothing"*');
    assert.deepEqual(rowsFor(terms.match(['nothing'])), []);
    assert.equal(terms.match(['many']), '"many"*', '17 terms: more than an OR is worth');
    assert.deepEqual(rowsFor(terms.match(['many'])), [2]);
  });

  test('any words over any rows: the same rows as the prefixes, in any script', () => {
    // A small alphabet so prefixes and terms collide: letters of four UTF-8 lengths, and those
    // before the surrogates and at the end of Unicode.
    const letter = fc.constantFrom(
      'a',
      'b',
      'e',
      'é',
      'ж',
      'ø',
      '夜',
      '歌',
      '𠀀',
      '1',
      '\ud7ff',
      '\u{10ffff}',
    );
    const word = fc.array(letter, { minLength: 1, maxLength: 6 }).map((letters) => letters.join(''));
    const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
    const row = fc.tuple(text, text, text);
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.array(word, { minLength: 1, maxLength: 3 }),
        (rows, words) => {
          db.exec('DELETE FROM track_search');
          index(rows);
          // The index folds what it stores: search with its own folded words, as the app does.
          const folded = words.map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
          assert.deepEqual(rowsFor(terms.match(folded)), rowsFor(prefixMatch(folded)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
