/** The market half of the API on a host that did not turn it on (one-shot commands, library tests). */
import type { MarketApi } from '../api/marketApi';
import { AppError } from '../errors';

const marketMethods = [
  'networkSettings',
  'setNetwork',
  'walletState',
  'setUpWallet',
  'unlockWallet',
  'artistState',
  'becomeArtist',
  'publishFiles',
  'listPublishJobs',
  'earnings',
  'withdraw',
  'syncCatalogue',
  'catalogueStates',
  'unlockTrack',
  'setAvailableOffline',
  'cacheState',
  'setCacheLimit',
] as const satisfies readonly (keyof MarketApi)[];

type MissingMethod = Exclude<keyof MarketApi, (typeof marketMethods)[number]>;
const allListed: MissingMethod extends never ? true : MissingMethod = true;
void allListed;

export function marketOff(): MarketApi {
  const refuse = () =>
    Promise.reject(
      new AppError(
        'MARKET_OFF',
        'Tipping and publishing are not available here: run `busker serve` or the app.',
      ),
    );
  return Object.fromEntries(marketMethods.map((name) => [name, refuse])) as unknown as MarketApi;
}
