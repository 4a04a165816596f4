/**
 * The session's wallet: the keystore in the data folder, unlocked by one secret (the host's
 * safeStorage secret in Electron, the user's passphrase headless), which also yields the vault
 * and publish keys (sessionKeys.ts). Wallet problems become AppErrors in the user's words.
 */
import type { Wallet } from 'ethers';
import type { WalletSetup } from '../api/marketApi';
import { AppError } from '../errors';
import { missingCase } from '../../base/missingCase';
import { developmentAccounts } from '../wallet/developmentAccounts';
import { WalletError } from '../wallet/walletError';
import { WalletStore } from '../wallet/walletStore';
import type { MarketOptions } from './marketOptions';
import type { SessionKeys } from './sessionKeys';
import { deriveSessionKeys } from './sessionKeys';

export interface UnlockedWallet {
  wallet: Wallet;
  keys: SessionKeys;
}

export function toWalletAppError(error: unknown): unknown {
  if (!(error instanceof WalletError)) return error;
  switch (error.code) {
    case 'NO_WALLET':
      return new AppError('WALLET_MISSING', 'There is no wallet yet: create one or import one first.');
    case 'WALLET_EXISTS':
      return new AppError('WALLET_EXISTS', 'This computer already has a wallet; unlock it instead.');
    case 'WRONG_PASSPHRASE':
      return new AppError('WRONG_PASSPHRASE', 'That passphrase does not unlock this wallet. Try again.');
    case 'WEAK_PASSPHRASE':
      return new AppError('WEAK_PASSPHRASE', error.message);
    case 'EMPTY_PASSPHRASE':
    case 'DAMAGED':
    case 'BAD_MNEMONIC':
    case 'BAD_PRIVATE_KEY':
    case 'NO_MNEMONIC':
    case 'NOT_A_DEVELOPMENT_NETWORK':
      return new AppError('BAD_REQUEST', error.message);
    case 'SEALED_BY_KEYCHAIN':
      return new AppError('UNAVAILABLE', error.message);
    default:
      return missingCase(error.code);
  }
}

export class MarketWallet {
  readonly store: WalletStore;
  #unlocked: UnlockedWallet | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly options: MarketOptions,
  ) {
    this.store = new WalletStore(
      dataDir,
      options.walletScryptN === undefined ? {} : { scryptN: options.walletScryptN },
    );
  }

  get unlocked(): UnlockedWallet | null {
    return this.#unlocked;
  }

  /** The host's secret when it has one, else the passphrase the user typed. */
  async secretFor(passphrase: string): Promise<string> {
    const secret = this.options.hostSecret ? await this.options.hostSecret() : passphrase;
    if (secret === '') throw new AppError('BAD_REQUEST', 'Enter the passphrase that protects your wallet.');
    return secret;
  }

  /**
   * The wallet's address, or null when there is none usable here: none at all, or one whose host
   * secret this computer's keychain cannot open (a moved data folder), so that the app offers to
   * set one up, and importing it again replaces it (`importReplacingUnreadable`).
   */
  async address(): Promise<string | null> {
    if (!(await this.#usable())) return null;
    return this.store.address().catch((error: unknown) => {
      throw toWalletAppError(error);
    });
  }

  /** The unlocked wallet, or an AppError that says what to do first. */
  async require(): Promise<UnlockedWallet> {
    if (this.#unlocked) return this.#unlocked;
    if (await this.#usable()) {
      throw new AppError('WALLET_LOCKED', 'Unlock your wallet first: enter its passphrase.');
    }
    throw new AppError('WALLET_MISSING', 'Set up a wallet first: create one or import one.');
  }

  async #usable(): Promise<boolean> {
    if (!(await this.store.exists())) return false;
    return !(await this.options.hostSecret?.unreadable?.());
  }

  async unlock(secret: string): Promise<UnlockedWallet> {
    try {
      const wallet = await this.store.unlock(secret);
      const keys = await deriveSessionKeys(secret, this.dataDir, this.options.vaultScrypt);
      this.#unlocked = { wallet, keys };
      return this.#unlocked;
    } catch (error) {
      throw toWalletAppError(error);
    }
  }

  /**
   * After `secretFor` failed with `error`: when the host's secret is unreadable here (a data folder
   * moved from another computer, so its wallet cannot be opened either) and `setup` imports a
   * wallet, writes it in place of the old one under a fresh host secret and returns that secret.
   * Otherwise rethrows `error`.
   */
  async importReplacingUnreadable(setup: WalletSetup, error: unknown): Promise<string> {
    const replace = this.options.hostSecret?.replaceUnreadable;
    if (!replace || (setup.kind !== 'mnemonic' && setup.kind !== 'privateKey')) throw error;
    return replace(async (fresh) => {
      await this.setUp(setup, fresh, null, { replace: true });
    });
  }

  /**
   * Writes a new keystore; returns the recovery phrase when a fresh wallet was made. `replace`
   * overwrites an existing one (only for a wallet this computer cannot open).
   */
  async setUp(
    setup: WalletSetup,
    secret: string,
    chainId: number | null,
    { replace = false }: { replace?: boolean } = {},
  ): Promise<string | null> {
    try {
      switch (setup.kind) {
        case 'create':
          await this.store.create(secret, { replace });
          return await this.store.revealMnemonic(secret);
        case 'mnemonic':
          await this.store.importMnemonic(setup.mnemonic, secret, { replace });
          return null;
        case 'privateKey':
          await this.store.importPrivateKey(setup.privateKey, secret, { replace });
          return null;
        case 'developmentAccount': {
          const account = chainId === null ? undefined : developmentAccounts(chainId)[setup.index];
          if (!account) {
            throw new AppError(
              'BAD_REQUEST',
              'Development accounts are only offered on the local development network.',
            );
          }
          await this.store.importPrivateKey(account.privateKey, secret, { replace });
          return null;
        }
        default:
          return missingCase(setup);
      }
    } catch (error) {
      throw toWalletAppError(error);
    }
  }
}
