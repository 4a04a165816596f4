/** The network's part of the market API: which network, joining one, its seeds' pinning token. */
import type { MarketApi, NetworkSettings } from '../../api/marketApi';
import { AppError } from '../../errors';
import { joinedNetworkSetting, joinNetwork } from '../joinNetwork';
import { networkHealthCheck } from '../networkHealth';
import type { CustomNetwork } from '../marketSettings';
import type { ResolvedNetwork } from '../marketRuntime';
import { validateCustomNetwork } from '../networkValidation';
import { hasPinningToken, pinningNetworkKey, savePinningToken } from '../pinningTokens';
import type { MarketContext } from './marketContext';
import type { PublishService } from './publishService';

export type NetworkService = Pick<
  MarketApi,
  'networkSettings' | 'networkHealth' | 'setPinningToken' | 'setNetwork' | 'joinNetwork'
>;

/** What `networkSettings` answers before any network is joined or set. */
export const NO_NETWORK: NetworkSettings = {
  source: 'none',
  name: null,
  seeds: 0,
  rpcUrl: '',
  chainId: 0,
  factory: '',
  keyServerUrl: '',
};

/** `networkChanged` runs once the new network is saved and the old runtime closed. */
export function createNetworkService(
  ctx: MarketContext,
  publishing: PublishService,
  networkChanged: () => void,
): NetworkService {
  async function networkSettings(): Promise<NetworkSettings> {
    let network: ResolvedNetwork;
    try {
      network = await ctx.currentNetwork();
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NO_NETWORK')) throw error;
      return { ...NO_NETWORK };
    }
    return {
      source: network.source,
      name: network.joined?.name ?? null,
      seeds: network.joined?.seeds ?? 0,
      rpcUrl: network.rpcUrl,
      chainId: network.chainId,
      factory: network.factory,
      keyServerUrl: network.keyServer ?? '',
      hasPinningToken: await hasPinningToken(ctx.dataDir, pinningNetworkKey(network)),
    };
  }

  /** Saves the network to use (null: the local one) and starts over on it. */
  async function useNetwork(network: CustomNetwork | null): Promise<NetworkSettings> {
    await ctx.saveSettings({ network });
    await ctx.resetRuntime();
    networkChanged();
    return networkSettings();
  }

  return {
    networkSettings,
    networkHealth: networkHealthCheck(() => ctx.currentNetwork()),
    async setPinningToken(token) {
      const unlocked = await ctx.wallet.require();
      const rt = await ctx.getRuntime();
      await savePinningToken(ctx.dataDir, unlocked.keys.vaultKey, pinningNetworkKey(rt.network), token);
      publishing.useToken(rt, token);
      // A job waiting for a seed that wanted a token tries again now.
      ctx.inBackground(publishing.resume());
      return networkSettings();
    },
    async setNetwork(input) {
      return useNetwork(input === null ? null : await validateCustomNetwork(input));
    },
    async joinNetwork(address) {
      return useNetwork(joinedNetworkSetting(await joinNetwork(address)));
    },
  };
}
