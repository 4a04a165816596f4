/**
 * The search form of text, applied alike to what the library indexes and to what the user types,
 * so "agaetis" finds "Ágætis" and "Ágætis" finds "agaetis".
 */

// Accents, breves, umlauts and the like: the combining diacritical mark blocks. Marks that make
// a different letter in their script (kana voicing, Indic vowel signs) are kept.
const diacriticBlocks: readonly [number, number][] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];

function isDiacritic(mark: string): boolean {
  const code = mark.codePointAt(0) ?? 0;
  return diacriticBlocks.some(([first, last]) => code >= first && code <= last);
}

/** Letters that do not decompose into a base letter and a mark, as they are spelled in ASCII. */
export const foldedLetters: Readonly<Record<string, string>> = {
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ĸ: 'k',
  ŋ: 'n',
  ħ: 'h',
  ŧ: 't',
  ƒ: 'f',
  ƀ: 'b',
  ǥ: 'g',
  ɨ: 'i',
  ʉ: 'u',
  // Final sigma is the same letter as σ; lower-casing "Σ" picks one by its place in the word.
  ς: 'σ',
};

const foldedLetterPattern = new RegExp(`[${Object.keys(foldedLetters).join('')}]`, 'gu');

// Words as the FTS5 unicode61 tokenizer sees them: letters, numbers and the marks attached to them.
const wordPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** `text` in its search form: compatibility forms unified, accents dropped, lower case, æ → ae. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, (mark) => (isDiacritic(mark) ? '' : mark))
    .normalize('NFC')
    .toLowerCase()
    .replace(foldedLetterPattern, (letter) => foldedLetters[letter] ?? letter);
}

/** The folded words of `text`. */
export function searchWords(text: string): string[] {
  return foldForSearch(text).match(wordPattern) ?? [];
}

/** What the index stores and exact matches compare: the folded words, one space apart. */
export function searchKey(text: string): string {
  return searchWords(text).join(' ');
}
