/**
 * How strong a new wallet passphrase is, in words. In the browser host the passphrase alone
 * guards the wallet file, so a short or repetitive one is refused with the reason.
 */

export const minimumPassphraseLength = 10;

export type PassphraseVerdict =
  { ok: false; level: 'refused'; message: string } | { ok: true; level: 'fair' | 'strong'; message: string };

/** The kinds of character a passphrase mixes: lowercase, uppercase, digits, other (spaces, symbols). */
export function characterKinds(passphrase: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{Ll}\p{Lu}\p{N}]/u].filter((kind) => kind.test(passphrase))
    .length;
}

export function judgePassphrase(passphrase: string): PassphraseVerdict {
  const length = [...passphrase].length;
  if (length < minimumPassphraseLength) {
    return {
      ok: false,
      level: 'refused',
      message: `Too short: ${length} of at least ${minimumPassphraseLength} characters. A few words in a row are easy to remember.`,
    };
  }
  if (new Set(passphrase.toLowerCase()).size < 5) {
    return {
      ok: false,
      level: 'refused',
      message: 'Too repetitive: it uses fewer than 5 different characters. Use a few different words.',
    };
  }
  const kinds = characterKinds(passphrase);
  if (length >= 16 || (length >= 12 && kinds >= 3)) {
    return { ok: true, level: 'strong', message: 'Strong passphrase.' };
  }
  return {
    ok: true,
    level: 'fair',
    message: 'Fair: a longer passphrase, or one mixing letters, digits and spaces or symbols, is stronger.',
  };
}

/** Why a new passphrase and its confirmation cannot be used, or null when they can. */
export function newPassphraseProblem(
  passphrase: string,
  confirmation: string,
  required: boolean,
): string | null {
  if (!required && passphrase === '' && confirmation === '') return null;
  const verdict = judgePassphrase(passphrase);
  if (!verdict.ok) return verdict.message;
  if (passphrase !== confirmation)
    return 'The two passphrases differ: type the same passphrase in both fields.';
  return null;
}
