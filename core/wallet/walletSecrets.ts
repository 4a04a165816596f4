// Checks a recovery phrase or a private key typed or pasted by the user, and says what is wrong
// without ever repeating the secret itself.
import { LangEn, Mnemonic } from 'ethers';
import { WalletError } from './walletError';

const validWordCounts = [12, 15, 18, 21, 24];
/** The order of secp256k1: a private key is a number from 1 to n - 1. */
const curveOrder = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The phrase as BIP-39 wants it: lower case, NFKD, words separated by single spaces. */
function normalizePhrase(phrase: string): string[] {
  return phrase.normalize('NFKD').toLowerCase().trim().split(/\s+/u).filter(Boolean);
}

/** A valid English BIP-39 mnemonic, or a WalletError('BAD_MNEMONIC') that says which part is wrong. */
export function parseMnemonic(phrase: string): Mnemonic {
  const words = normalizePhrase(phrase);
  if (!validWordCounts.includes(words.length)) {
    throw new WalletError(
      'BAD_MNEMONIC',
      `A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}. Check that the whole phrase was copied.`,
    );
  }
  const wordlist = LangEn.wordlist();
  const unknown = words.findIndex((word) => wordlist.getWordIndex(word) < 0);
  if (unknown >= 0) {
    throw new WalletError(
      'BAD_MNEMONIC',
      `Word ${unknown + 1} of the recovery phrase is not a BIP-39 English word. Check its spelling.`,
    );
  }
  if (!Mnemonic.isValidMnemonic(words.join(' '), wordlist)) {
    throw new WalletError(
      'BAD_MNEMONIC',
      'Every word is a BIP-39 word, but the phrase fails its checksum: a word is wrong or two are swapped. ' +
        'Check it against where you wrote it down.',
    );
  }
  return Mnemonic.fromPhrase(words.join(' '), null, wordlist);
}

/** A valid secp256k1 private key as 0x-prefixed lower-case hex, or a WalletError('BAD_PRIVATE_KEY'). */
export function parsePrivateKey(text: string): string {
  const hex = text.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new WalletError(
      'BAD_PRIVATE_KEY',
      'A private key is 0x followed by 64 hexadecimal digits (32 bytes). Check that the whole key was copied.',
    );
  }
  const value = BigInt(hex);
  if (value === 0n || value >= curveOrder) {
    throw new WalletError(
      'BAD_PRIVATE_KEY',
      'That number is not a valid private key: it is zero or beyond the secp256k1 curve order.',
    );
  }
  return hex.toLowerCase();
}
