import { errorMessage } from '../bridge/bridgeTypes';
import type { WalletSetup, WalletState } from '../../core/api/appApi';
import type { SliceCreator } from './storeTypes';

export interface WalletSlice {
  wallet: WalletState | null;
  /** A new wallet's recovery phrase, shown once until the user confirms they wrote it down. */
  newMnemonic: string | null;
  walletBusy: boolean;
  /** The last wallet action's failure, in the host's words, shown in the wallet dialog. */
  walletError: string | null;
  loadWallet(): Promise<void>;
  setUpWallet(setup: WalletSetup): Promise<boolean>;
  unlockWallet(passphrase: string): Promise<boolean>;
  confirmMnemonicSaved(): void;
  walletChanged(wallet: WalletState): void;
  clearWalletError(): void;
}

export const createWalletSlice: SliceCreator<WalletSlice> = (bridge) => (set, get) => {
  async function attempt(action: () => Promise<void>): Promise<boolean> {
    set({ walletBusy: true, walletError: null });
    try {
      await action();
      return true;
    } catch (error) {
      set({ walletError: errorMessage(error) });
      return false;
    } finally {
      set({ walletBusy: false });
    }
  }

  return {
    wallet: null,
    newMnemonic: null,
    walletBusy: false,
    walletError: null,

    async loadWallet() {
      try {
        set({ wallet: await bridge.walletState() });
        get().noticeSubjectSucceeded('wallet');
      } catch (error) {
        get().notifyError(error, {
          subject: 'wallet',
          action: { label: 'Try again', run: () => void get().loadWallet() },
        });
      }
    },

    setUpWallet: (setup) =>
      attempt(async () => {
        const created = await bridge.setUpWallet(setup);
        set({ newMnemonic: created.mnemonic });
        await get().loadWallet();
        void get().loadArtist();
      }),

    unlockWallet: (passphrase) =>
      attempt(async () => {
        set({ wallet: await bridge.unlockWallet(passphrase) });
        void get().loadArtist();
      }),

    confirmMnemonicSaved: () => set({ newMnemonic: null }),
    walletChanged: (wallet) => set({ wallet }),
    clearWalletError: () => set({ walletError: null }),
  };
};
