/**
 * A market that is still loading: every call waits for the real one. The market's code (ethers,
 * the chain client, publishing) is loaded on first use in the background, so the library opens
 * and answers without it, and commands that never turn the market on never load it.
 */
import { marketMethods } from '../api/appMethods';
import type { MarketApi } from '../api/marketApi';
import type { MarketBackend } from './marketBackend';

export function lazyMarketBackend(starting: Promise<MarketBackend>): MarketBackend {
  // A failed start is reported by each call that waits for it; not an unhandled rejection here.
  starting.catch(() => undefined);
  const forward =
    (name: (typeof marketMethods)[number]) =>
    async (...args: unknown[]): Promise<unknown> => {
      const { api } = await starting;
      return Reflect.apply(api[name], api, args) as Promise<unknown>;
    };
  return {
    api: Object.fromEntries(marketMethods.map((name) => [name, forward(name)])) as unknown as MarketApi,
    async close() {
      const market = await starting.catch(() => null);
      await market?.close();
    },
  };
}
