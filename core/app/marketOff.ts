/** The market half of the API on a host that did not turn it on (one-shot commands, library tests). */
import { marketMethods } from '../api/appMethods';
import type { MarketApi } from '../api/marketApi';
import { AppError } from '../errors';

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
