/**
 * A market that loads on first use: every call loads it (once) and waits for the real one. The
 * market's code (ethers, the chain client, publishing) is loaded in the background when a network
 * is configured, else by the first market call, so the library opens and answers without it, and
 * hosts that never use the market never load it.
 */
import { startOnce } from '../../base/startOnce';
import { marketMethods } from '../api/appMethods';
import type { MarketApi } from '../api/marketApi';
import type { MarketBackend } from './marketBackend';

export interface LazyMarketBackend extends MarketBackend {
  /** Resolves once the real market has loaded (rejects when it could not); loads nothing itself. */
  readonly ready: Promise<MarketBackend>;
  /** Loads the real market, once, and resolves with it. */
  start(): Promise<MarketBackend>;
}

export function lazyMarketBackend(load: () => Promise<MarketBackend>): LazyMarketBackend {
  const once = startOnce(load);
  const start = once.start;
  const forward =
    (name: (typeof marketMethods)[number]) =>
    async (...args: unknown[]): Promise<unknown> => {
      const { api } = await start();
      return Reflect.apply(api[name], api, args) as Promise<unknown>;
    };
  return {
    ready: once.ready,
    start,
    api: Object.fromEntries(marketMethods.map((name) => [name, forward(name)])) as unknown as MarketApi,
    async close() {
      await (await once.started())?.close();
    },
  };
}
