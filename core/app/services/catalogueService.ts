/**
 * The catalogue's part of the market API: one sync pass (peers, seeds, chain, metadata), each
 * track's state on this network, tracks not listed, and keeping a track offline.
 */
import { getAddress } from 'ethers';
import type { CatalogueTrackState, MarketApi } from '../../api/marketApi';
import { AppError } from '../../errors';
import type { MarketRuntime } from '../marketRuntime';
import { createPeerDials } from '../peerDials';
import { NotListedTracks } from '../notListedTracks';
import type { MarketContext } from './marketContext';
import { describeProblem } from './marketErrors';

export interface CatalogueService {
  api: Pick<MarketApi, 'catalogueStates' | 'notListedTracks' | 'setAvailableOffline'>;
  /** One pass of the background sync loop. */
  syncPass(): Promise<void>;
  /** A track was listed: show it soon (at most twice a second), not when the pass ends. */
  announceListed(): void;
  /** Stops the pending announcement. */
  stop(): void;
}

/** Which catalogue a runtime reads: the same chain and factory is the same catalogue. */
function catalogueOf(rt: MarketRuntime): string {
  return `${rt.network.chainId}:${rt.network.factory.toLowerCase()}`;
}

export function createCatalogueService(ctx: MarketContext): CatalogueService {
  const { content, emit } = ctx;
  const peerDials = createPeerDials((message) => ctx.onProblem(message));
  const notListed = new NotListedTracks();
  let listedTimer: NodeJS.Timeout | null = null;

  function emitCatalogue(rt: MarketRuntime): void {
    emit({ name: 'onDidChangeCatalogue', payload: { tracks: rt.session.catalogueStore.countTracks() } });
  }

  function announceListed(): void {
    listedTimer ??= setTimeout(() => {
      listedTimer = null;
      const opening = ctx.runtimeOpening();
      if (ctx.closed() || !opening) return;
      void opening.then(emitCatalogue, () => undefined);
      ctx.libraryChanged();
    }, 500);
  }

  async function syncPass(): Promise<void> {
    const rt = await ctx.getRuntime();
    await peerDials.dial(content, ctx.options.peers ?? [], rt.network.seeds ?? []);
    const chain = await rt.session.catalogueSync.sync();
    const metadata = await rt.metadataSync.sync();
    if (ctx.closed()) return;
    const skipsChanged = notListed.replace(
      catalogueOf(rt),
      metadata.skipped,
      rt.session.catalogueStore.listArtists(),
    );
    if (
      chain.tracksAdded > 0 ||
      chain.changesApplied > 0 ||
      chain.rolledBackTo !== undefined ||
      metadata.saved > 0 ||
      skipsChanged
    ) {
      emitCatalogue(rt);
      if (metadata.saved > 0) ctx.libraryChanged();
    }
  }

  async function catalogueState(rt: MarketRuntime, id: number): Promise<CatalogueTrackState | null> {
    const media = rt.session.catalogueTracks.media(id);
    if (!media || media.chainId !== rt.network.chainId) return null;
    const track = rt.session.catalogueStore.getTrack(getAddress(media.artist), media.trackId);
    if (!track) return null;
    return {
      id,
      artistContract: getAddress(media.artist),
      chainTrackId: media.trackId,
      priceWei: track.price.toString(),
      // With the vault key, a key copied from another computer (it does not open) is not unlocked.
      unlocked: (rt.session.vault ?? rt.session.unlocked).has(media),
      offline: await content.isPinned(media.audioCid).catch(() => false),
      retired: track.retired,
    };
  }

  return {
    syncPass,
    announceListed,
    stop() {
      if (listedTimer) clearTimeout(listedTimer);
    },
    api: {
      async catalogueStates(ids) {
        const rt = await ctx.getRuntime().catch(() => null);
        if (!rt) return [];
        const states: CatalogueTrackState[] = [];
        for (const id of ids) {
          const state = await catalogueState(rt, id);
          if (state) states.push(state);
        }
        return states;
      },
      async notListedTracks() {
        const rt = await ctx.getRuntime().catch(() => null);
        return rt ? notListed.list(catalogueOf(rt)) : [];
      },
      async setAvailableOffline(id, offline) {
        const rt = await ctx.getRuntime();
        const media = rt.session.catalogueTracks.media(id);
        if (!media) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
        try {
          if (offline) await content.pin(media.audioCid, { signal: AbortSignal.timeout(10 * 60_000) });
          else await content.unpin(media.audioCid);
        } catch (error) {
          throw new AppError(
            'UNAVAILABLE',
            offline
              ? `The track could not be fetched to keep it offline (${describeProblem(error)}). Try again when its peers are online.`
              : 'The track could not be released from the offline store. Try again.',
          );
        }
        const state = await catalogueState(rt, id);
        if (!state) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
        return state;
      },
    },
  };
}
