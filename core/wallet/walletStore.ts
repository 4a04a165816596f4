// The wallet: one account, kept in `wallet.json` in the data folder as a standard JSON keystore
// (scrypt + AES-128-CTR, the format ethers and most wallets read). The host supplies the secret:
// a random password held by Electron's safeStorage in the app, the user's passphrase headless.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeystoreAccount } from 'ethers';
import {
  decryptKeystoreJson,
  encryptKeystoreJson,
  getAddress,
  HDNodeWallet,
  isAddress,
  isKeystoreJson,
  Mnemonic,
  Wallet,
} from 'ethers';
import { passphraseRefusal } from '../../base/passphraseStrength';
import { walletExistsError, writeKeystoreFile } from './keystoreFile';
import { parseMnemonic, parsePrivateKey } from './walletSecrets';
import { WalletError } from './walletError';

export const walletFileName = 'wallet.json';

/** The derivation path of the first account, as MetaMask and anvil use it. */
const accountPath = "m/44'/60'/0'/0/0";

export interface WalletStoreOptions {
  /** scrypt's cost N (a power of two). Leave unset for ethers' default (2^17); tests lower it. */
  scryptN?: number;
}

export interface WriteOptions {
  /** Overwrite an existing wallet. Without it, writing over one throws WalletError('WALLET_EXISTS'). */
  replace?: boolean;
}

/** What may be shown about a stored wallet: never a secret. */
export interface WalletIdentity {
  /** The checksummed address. */
  address: string;
}

export class WalletStore {
  /** The keystore file: `wallet.json` in the data folder. */
  readonly file: string;
  readonly #scryptN: number | undefined;

  constructor(dataDir: string, options: WalletStoreOptions = {}) {
    this.file = join(dataDir, walletFileName);
    this.#scryptN = options.scryptN;
  }

  async exists(): Promise<boolean> {
    try {
      await readFile(this.file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** The wallet's address, read without the secret (the keystore keeps it in clear). */
  async address(): Promise<string> {
    return (await this.#read()).address;
  }

  /** Makes a new account from a fresh BIP-39 phrase; `revealMnemonic` shows the phrase. */
  async create(secret: string, options: WriteOptions = {}): Promise<WalletIdentity> {
    const wallet = Wallet.createRandom();
    return this.#write(accountOf(wallet), secret, options);
  }

  /** Stores the first account (m/44'/60'/0'/0/0) of a recovery phrase. */
  async importMnemonic(phrase: string, secret: string, options: WriteOptions = {}): Promise<WalletIdentity> {
    const wallet = HDNodeWallet.fromMnemonic(parseMnemonic(phrase), accountPath);
    return this.#write(accountOf(wallet), secret, options);
  }

  /** Stores an account given by its private key (0x + 64 hex digits). */
  async importPrivateKey(hex: string, secret: string, options: WriteOptions = {}): Promise<WalletIdentity> {
    const wallet = new Wallet(parsePrivateKey(hex));
    return this.#write({ address: wallet.address, privateKey: wallet.privateKey }, secret, options);
  }

  /** The account as a signer, not connected to any provider. */
  async unlock(secret: string): Promise<Wallet> {
    const account = await this.#decrypt(secret);
    return new Wallet(account.privateKey);
  }

  /** The recovery phrase, for the user to write down; only for wallets made from one. */
  async revealMnemonic(secret: string): Promise<string> {
    const account = await this.#decrypt(secret);
    if (!account.mnemonic) {
      throw new WalletError(
        'NO_MNEMONIC',
        'This wallet was imported from a private key, so it has no recovery phrase; back up the private key instead.',
      );
    }
    // The phrase's ciphertext has no MAC of its own: check that it still derives this account.
    const mnemonic = Mnemonic.fromEntropy(account.mnemonic.entropy);
    const derived = HDNodeWallet.fromMnemonic(mnemonic, account.mnemonic.path ?? accountPath);
    if (derived.address !== account.address)
      throw this.#damaged('its recovery phrase does not match its key');
    return mnemonic.phrase;
  }

  /** Deletes the keystore. Resolves to false when there was none. */
  async remove(): Promise<boolean> {
    const existed = await this.exists();
    await rm(this.file, { force: true });
    return existed;
  }

  async #write(account: KeystoreAccount, secret: string, options: WriteOptions): Promise<WalletIdentity> {
    if (secret === '') {
      throw new WalletError('EMPTY_PASSPHRASE', 'The passphrase is empty: choose one to protect the wallet.');
    }
    const refusal = passphraseRefusal(secret);
    if (refusal !== null) throw new WalletError('WEAK_PASSPHRASE', refusal);
    const replace = options.replace === true;
    // Fail before the slow scrypt when the answer is already known.
    if (!replace && (await this.exists())) throw walletExistsError(this.file);
    const scrypt = this.#scryptN === undefined ? {} : { scrypt: { N: this.#scryptN } };
    const json = await encryptKeystoreJson(account, secret, scrypt);
    await writeKeystoreFile(this.file, json, replace);
    return { address: account.address };
  }

  async #read(): Promise<{ text: string; address: string }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new WalletError(
          'NO_WALLET',
          `There is no wallet at ${this.file}. Create one, or import one from a recovery phrase or a private key.`,
        );
      }
      throw error;
    }
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      throw this.#damaged('it is not valid JSON');
    }
    if (!isKeystoreJson(text)) throw this.#damaged('it is not a JSON keystore');
    const address = (stored as { address?: unknown }).address;
    if (typeof address !== 'string' || !isAddress(address.startsWith('0x') ? address : `0x${address}`)) {
      throw this.#damaged('its address is missing or malformed');
    }
    return { text, address: getAddress(address.startsWith('0x') ? address : `0x${address}`) };
  }

  async #decrypt(secret: string): Promise<KeystoreAccount> {
    const { text, address } = await this.#read();
    let account: KeystoreAccount;
    try {
      account = await decryptKeystoreJson(text, secret);
    } catch (error) {
      const { code, argument } = error as { code?: unknown; argument?: unknown };
      if (code === 'INVALID_ARGUMENT' && argument === 'password') {
        throw new WalletError('WRONG_PASSPHRASE', 'That passphrase does not unlock this wallet.');
      }
      throw this.#damaged('its encrypted key cannot be read');
    }
    if (account.address !== address) throw this.#damaged('its key does not match its address');
    return account;
  }

  #damaged(why: string): WalletError {
    return new WalletError(
      'DAMAGED',
      `The wallet file ${this.file} is damaged: ${why}. Restore it from a backup, or import the wallet ` +
        'again from its recovery phrase or private key (replacing this file).',
    );
  }
}

/** The keystore account for an HD wallet: its key plus the phrase's entropy, both encrypted. */
function accountOf(wallet: HDNodeWallet): KeystoreAccount {
  const mnemonic = wallet.mnemonic;
  if (!mnemonic) throw new Error('An HD wallet made from a phrase has a mnemonic.');
  return {
    address: wallet.address,
    privateKey: wallet.privateKey,
    mnemonic: { entropy: mnemonic.entropy, path: wallet.path ?? accountPath, locale: 'en' },
  };
}
