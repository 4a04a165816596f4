/**
 * How strong a new wallet passphrase is, in words: the one rule the setup form's meter shows and
 * the wallet store enforces (a passphrase alone guards the wallet file in the browser host and
 * the CLI), so a short or repetitive one is refused with the reason even when the form is bypassed.
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

/** Why the wallet refuses this new passphrase, as a sentence saying what to choose; null: accepted. */
export function passphraseRefusal(passphrase: string): string | null {
  const length = [...passphrase].length;
  if (length < minimumPassphraseLength) {
    return (
      `Choose a longer passphrase: at least ${minimumPassphraseLength} characters (this one has ${length}). ` +
      'A few words in a row are easy to remember. Nothing was changed.'
    );
  }
  if (!judgePassphrase(passphrase).ok) {
    return (
      'Choose a passphrase with more different characters: this one uses fewer than 5. ' +
      'A few different words are easy to remember. Nothing was changed.'
    );
  }
  return null;
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
