/** The wallet's part of the market API: its state on the current network, setting up, unlocking. */
import type { MarketApi, WalletState } from '../../api/marketApi';
import { AppError } from '../../errors';
import { developmentAccounts } from '../../wallet/developmentAccounts';
import type { MarketContext } from './marketContext';
import { describeProblem, withTimeout } from './marketErrors';

export interface WalletService {
  api: Pick<MarketApi, 'walletState' | 'setUpWallet' | 'unlockWallet'>;
  /** Tells the renderer the wallet's state again (after a network change, say). */
  announce(): void;
  /** A host holding the secret unlocks an existing wallet without asking anyone. */
  unlockWithHostSecret(): void;
}

/** `afterUnlock` runs (in the background) on a fresh runtime each time the wallet is unlocked. */
export function createWalletService(ctx: MarketContext, afterUnlock: () => Promise<void>): WalletService {
  const { wallet } = ctx;

  async function unlockWith(secret: string): Promise<void> {
    const unlocked = await wallet.unlock(secret);
    ctx.onVaultKey(unlocked.keys.vaultKey);
    await ctx.resetRuntime();
    ctx.inBackground(afterUnlock());
    announce();
  }

  function announce(): void {
    ctx.inBackground(walletState().then((payload) => ctx.emit({ name: 'onDidChangeWallet', payload })));
  }

  async function walletState(): Promise<WalletState> {
    const address = await wallet.address();
    const status: WalletState['status'] = address === null ? 'none' : wallet.unlocked ? 'unlocked' : 'locked';
    let network: WalletState['network'];
    let balanceWei: string | null = null;
    let offered: WalletState['developmentAccounts'] = [];
    try {
      const rt = await ctx.getRuntime();
      const { chainId, source } = rt.network;
      const name = rt.network.joined?.name ?? (source === 'local' ? 'Local network' : `Chain ${chainId}`);
      if (source === 'local')
        offered = developmentAccounts(chainId).map(({ index, address: account }) => ({
          index,
          address: account,
        }));
      try {
        await withTimeout(rt.session.provider.getBlockNumber());
        if (address !== null)
          balanceWei = (await withTimeout(rt.session.provider.getBalance(address))).toString();
        network = { chainId, name, reachable: true, message: null };
      } catch {
        network = {
          chainId,
          name,
          reachable: false,
          message: `The network at ${rt.network.rpcUrl} does not answer. Busker keeps trying.`,
        };
      }
    } catch (error) {
      network =
        error instanceof AppError && error.code === 'NO_NETWORK'
          ? null
          : { chainId: 0, name: 'No network', reachable: false, message: describeProblem(error) };
    }
    return { status, address, balanceWei, network, developmentAccounts: offered };
  }

  return {
    announce,
    unlockWithHostSecret() {
      const { hostSecret } = ctx.options;
      if (!hostSecret) return;
      ctx.inBackground(
        wallet.store.exists().then(async (exists) => {
          if (exists) await unlockWith(await hostSecret());
        }),
      );
    },
    api: {
      walletState,
      async setUpWallet(setup) {
        let secret: string;
        try {
          secret = await wallet.secretFor(setup.passphrase);
        } catch (error) {
          // A data folder moved from another computer: importing the wallet replaces the one that
          // cannot be opened here (marketWallet.ts).
          await unlockWith(await wallet.importReplacingUnreadable(setup, error));
          return { address: (await wallet.address()) ?? '', mnemonic: null };
        }
        if (await wallet.store.exists()) {
          throw new AppError('WALLET_EXISTS', 'This computer already has a wallet; unlock it instead.');
        }
        const chainId =
          setup.kind === 'developmentAccount'
            ? await ctx.currentNetwork().then(
                (network) => (network.source === 'local' ? network.chainId : null),
                () => null,
              )
            : null;
        const mnemonic = await wallet.setUp(setup, secret, chainId);
        await unlockWith(secret);
        return { address: (await wallet.address()) ?? '', mnemonic };
      },
      async unlockWallet(passphrase) {
        await unlockWith(await wallet.secretFor(passphrase));
        return walletState();
      },
    },
  };
}
