/** A catalogue track's state as the app API answers it, for tests of what the renderer makes of it. */
import type { CatalogueTrackState } from '../core/api/appApi';

/** A locked track priced 0.01 ETH by the devnet's first artist account; `overrides` win. */
export function catalogueTrackState(overrides: Partial<CatalogueTrackState> = {}): CatalogueTrackState {
  return {
    id: 7,
    artistContract: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    chainTrackId: 1,
    priceWei: '10000000000000000',
    unlocked: false,
    offline: false,
    retired: false,
    ...overrides,
  };
}
