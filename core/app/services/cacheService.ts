/** The offline cache's part of the market API: how much it holds and its saved size limit. */
import type { MarketApi } from '../../api/marketApi';
import type { MarketContext } from './marketContext';

export interface CacheService {
  api: Pick<MarketApi, 'cacheState' | 'setCacheLimit'>;
  /** Hands the saved limit to the content store once it has started; it keeps to it from then on. */
  applySavedLimit(): void;
}

export function createCacheService(ctx: MarketContext): CacheService {
  const { content } = ctx;
  async function cacheState() {
    return { usedBytes: await content.cacheSize(), limitBytes: (await ctx.settings()).cacheLimitBytes };
  }
  return {
    applySavedLimit() {
      // A store that did not start is reported where it is used.
      content.ready.then(
        (store) =>
          ctx.inBackground(ctx.settings().then((saved) => store.setCacheLimit(saved.cacheLimitBytes))),
        () => undefined,
      );
    },
    api: {
      cacheState,
      async setCacheLimit(bytes) {
        await ctx.saveSettings({ cacheLimitBytes: bytes });
        await content.setCacheLimit(bytes);
        return cacheState();
      },
    },
  };
}
