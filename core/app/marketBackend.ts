/**
 * The paying half of the app API (MarketApi), composed from one service per area (services/):
 * wallet, network, artist, publishing, catalogue, unlocking, cache. This file only wires them
 * together over one shared context and owns the background work's lifecycle: the catalogue sync
 * loop, resuming publish and unlock jobs after an unlock or a network change, and closing.
 */
import type { MarketApi } from '../api/marketApi';
import { startBackgroundLoop } from './backgroundSync';
import { createArtistService } from './services/artistService';
import { createCacheService } from './services/cacheService';
import { createCatalogueService } from './services/catalogueService';
import { createMarketContext } from './services/marketContext';
import type { MarketContextDeps } from './services/marketContext';
import { chainError, describeProblem } from './services/marketErrors';
import { createNetworkService } from './services/networkService';
import { createPublishService } from './services/publishService';
import { createUnlockService } from './services/unlockService';
import { createWalletService } from './services/walletService';

/** What the backend is built from: the market context's needs, less what the backend supplies. */
export type MarketBackendDeps = Omit<MarketContextDeps, 'onTrackListed'>;

export interface MarketBackend {
  api: MarketApi;
  close(): Promise<void>;
}

export function createMarketBackend(deps: MarketBackendDeps): MarketBackend {
  const ctx = createMarketContext({ ...deps, onTrackListed: () => catalogue.announceListed() });
  const catalogue = createCatalogueService(ctx);
  const unlocking = createUnlockService(ctx);
  const publishing = createPublishService(ctx);
  const cache = createCacheService(ctx);

  /** After unlocking: finish what an earlier run left (tips waiting for keys, publish jobs). */
  async function resumeJobs(): Promise<void> {
    await unlocking.resume();
    await publishing.resume();
  }

  const wallet = createWalletService(ctx, resumeJobs);
  const loop = startBackgroundLoop(catalogue.syncPass, {
    intervalMs: deps.options.syncIntervalMs ?? 5_000,
    onProblem: ctx.onProblem,
    describe: describeProblem,
  });
  const network = createNetworkService(ctx, publishing, () => {
    if (ctx.wallet.unlocked) ctx.inBackground(resumeJobs());
    ctx.inBackground(loop.runNow());
    wallet.announce();
  });

  cache.applySavedLimit();
  if (deps.options.syncIntervalMs !== 0) loop.runNow().catch(() => undefined);
  wallet.unlockWithHostSecret();

  const api: MarketApi = {
    ...network,
    ...wallet.api,
    ...createArtistService(ctx),
    ...publishing.api,
    async syncCatalogue() {
      await loop.runNow().catch((error: unknown) => {
        throw chainError(error);
      });
    },
    ...catalogue.api,
    ...unlocking.api,
    ...cache.api,
  };

  return {
    api,
    async close() {
      ctx.markClosed();
      catalogue.stop();
      publishing.stop();
      // A metadata fetch nobody answers would otherwise hold the pass, and so closing, for 15 s.
      await (await ctx.runtimeOpening()?.catch(() => null))?.metadataSync.stop();
      await loop.stop();
      await ctx.release();
    },
  };
}
