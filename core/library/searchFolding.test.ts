import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { foldForSearch, foldedLetters, searchKey } from './searchFolding';
import { searchTerms } from './trackSearch';

describe('folding', () => {
  test('each letter that does not decompose folds to its ASCII spelling, in both cases', () => {
    const expected: [string, string][] = [
      ['æ', 'ae'],
      ['Æ', 'ae'],
      ['œ', 'oe'],
      ['Œ', 'oe'],
      ['ß', 'ss'],
      ['ẞ', 'ss'],
      ['ø', 'o'],
      ['Ø', 'o'],
      ['đ', 'd'],
      ['Đ', 'd'],
      ['ð', 'd'],
      ['Ð', 'd'],
      ['þ', 'th'],
      ['Þ', 'th'],
      ['ł', 'l'],
      ['Ł', 'l'],
      ['ı', 'i'],
      ['İ', 'i'],
      ['ĸ', 'k'],
      ['ŋ', 'n'],
      ['Ŋ', 'n'],
      ['ħ', 'h'],
      ['Ħ', 'h'],
      ['ŧ', 't'],
      ['Ŧ', 't'],
      ['ƒ', 'f'],
      ['ƀ', 'b'],
      ['ǥ', 'g'],
      ['ɨ', 'i'],
      ['ʉ', 'u'],
      ['ς', 'σ'],
    ];
    for (const [letter, folded] of expected) assert.equal(foldForSearch(letter), folded, letter);
    // The table holds nothing the list above does not check.
    for (const letter of Object.keys(foldedLetters)) {
      assert.ok(
        expected.some(([checked]) => checked === letter),
        `${letter} is checked`,
      );
    }
  });

  test('accents drop, compatibility forms unify, case folds', () => {
    assert.equal(searchKey('Ágætis byrjun'), 'agaetis byrjun');
    assert.equal(searchKey('Beyoncé'), 'beyonce');
    assert.equal(searchKey('Mötley Crüe'), 'motley crue');
    assert.equal(searchKey('Łódź'), 'lodz');
    assert.equal(searchKey('ΣΟΦΟΣ'), 'σοφοσ');
    assert.equal(searchKey('Ἀθῆναι'), 'αθηναι');
    assert.equal(searchKey('Ёлка'), 'елка');
    assert.equal(searchKey('ﬁnale'), 'finale');
    assert.equal(searchKey('ＡＢＣ'), 'abc');
    assert.equal(searchKey('STRASSE Straße'), 'strasse strasse');
    assert.equal(searchKey('AC/DC'), 'ac dc');
  });

  test('marks that make another letter in their script are kept', () => {
    assert.equal(searchKey('が'), 'が', 'kana voicing');
    assert.equal(searchKey('ｶﾞ'), 'ガ', 'half-width kana become full width');
    assert.equal(searchKey('हिंदी'), 'हिंदी', 'Devanagari vowel signs');
    assert.equal(searchKey('한국어'), '한국어', 'Hangul stays composed');
  });

  test('folding is idempotent and the query and the index agree on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const key = searchKey(text);
        assert.equal(searchKey(key), key);
      }),
      { numRuns: 500 },
    );
  });
});

describe('search terms', () => {
  test('blank text asks for everything', () => {
    assert.deepEqual(searchTerms(undefined), { kind: 'everything' });
    assert.deepEqual(searchTerms(''), { kind: 'everything' });
    assert.deepEqual(searchTerms(' \t\n'), { kind: 'everything' });
  });

  test('symbols and emoji without a word ask for nothing, never for everything', () => {
    for (const text of ['🎸', '🎸🥁 🎹', '👩‍🎤', '♪♫', '★', '"*(-)', '...', '—', '\u200b', '🇮🇸']) {
      assert.deepEqual(searchTerms(text), { kind: 'nothing' }, text);
    }
  });

  test('words are folded, quoted and prefix-matched; symbols beside them are dropped', () => {
    assert.deepEqual(searchTerms('Ágætis 🎸'), {
      kind: 'words',
      match: '"agaetis"*',
      key: 'agaetis',
      words: ['agaetis'],
    });
    assert.deepEqual(searchTerms('sigur RÓS'), {
      kind: 'words',
      match: '"sigur"* "ros"*',
      key: 'sigur ros',
      words: ['sigur', 'ros'],
    });
    assert.deepEqual(searchTerms('NEAR(x'), {
      kind: 'words',
      match: '"near"* "x"*',
      key: 'near x',
      words: ['near', 'x'],
    });
  });
});
