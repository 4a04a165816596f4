/** Asking back a few words of a new recovery phrase, by position, before the wallet is used. */

/** `count` different word positions (1-based, ascending) of a phrase of `wordCount` words. */
export function pickWordPositions(
  wordCount: number,
  count: number,
  random: () => number = Math.random,
): number[] {
  const positions = Array.from({ length: wordCount }, (_, index) => index + 1);
  for (let index = positions.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [positions[index], positions[other]] = [positions[other] as number, positions[index] as number];
  }
  return positions.slice(0, Math.min(count, wordCount)).sort((a, b) => a - b);
}

export function phraseWords(phrase: string): string[] {
  return phrase.trim().split(/\s+/).filter(Boolean);
}

/** The positions whose typed word differs from the phrase (case and spaces aside), in order. */
export function wrongWordPositions(
  phrase: string,
  positions: readonly number[],
  typed: readonly string[],
): number[] {
  const words = phraseWords(phrase);
  return positions.filter(
    (position, index) =>
      (typed[index] ?? '').trim().toLowerCase() !== (words[position - 1] ?? '').toLowerCase(),
  );
}
