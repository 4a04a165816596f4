/**
 * The listener's part of the market API: what a tip costs, tipping to unlock a track (its
 * progress as events), unlocks an earlier run left unfinished, and why a track does not play.
 */
import type { MarketApi } from '../../api/marketApi';
import { AppError } from '../../errors';
import type { UnlockProgress as JobProgress } from '../../listen/unlockJob';
import { requireUnlockJobs } from '../marketRuntime';
import { summarizeUnlock } from '../marketSummaries';
import { explainPlayback } from '../playbackProblem';
import { quoteTip } from '../tipQuote';
import type { MarketContext } from './marketContext';
import { unavailableError } from './marketErrors';

export interface UnlockService {
  api: Pick<MarketApi, 'tipQuote' | 'unlockTrack' | 'playbackProblem'>;
  /** Finishes unlocks an earlier run left (tips waiting for keys), in the background. */
  resume(): Promise<void>;
}

export function createUnlockService(ctx: MarketContext): UnlockService {
  const { wallet, emit } = ctx;

  function emitUnlock(id: number | null, progress: JobProgress): void {
    if (id === null || ctx.closed()) return;
    const needed = progress.confirmations?.needed ?? 0;
    emit({ name: 'onDidUnlockProgress', payload: summarizeUnlock(id, progress, needed) });
  }

  return {
    async resume() {
      const rt = await ctx.getRuntime();
      const jobs = rt.session.unlockJobs;
      if (!jobs) return;
      const { catalogueTracks } = rt.session;
      ctx.inBackground(
        jobs.resume({
          onProgress: (progress) => emitUnlock(catalogueTracks.libraryId(progress.track), progress),
        }),
      );
    },
    api: {
      async tipQuote(id) {
        await wallet.require();
        return quoteTip(await ctx.getRuntime(), id);
      },
      async unlockTrack(id) {
        await wallet.require();
        const rt = await ctx.getRuntime();
        const media = rt.session.catalogueTracks.media(id);
        if (!media) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
        const jobs = requireUnlockJobs(rt.session);
        let last = summarizeUnlock(id, { state: 'tipping', track: media, tipHash: null }, 0);
        let needed = 0;
        try {
          const job = await jobs.unlock(media, {
            onProgress: (progress) => {
              needed = progress.confirmations?.needed ?? needed;
              last = summarizeUnlock(id, progress, needed);
              if (!ctx.closed()) emit({ name: 'onDidUnlockProgress', payload: last });
            },
          });
          const final = summarizeUnlock(
            id,
            {
              state: job.state,
              track: media,
              tipHash: job.tipHash,
              ...(job.failureReason ? { failureReason: job.failureReason } : {}),
            },
            needed,
          );
          if (job.state === 'ready')
            emit({
              name: 'onDidChangeCatalogue',
              payload: { tracks: rt.session.catalogueStore.countTracks() },
            });
          if (final.step === last.step) return last;
          if (!ctx.closed()) emit({ name: 'onDidUnlockProgress', payload: final });
          return final;
        } catch (error) {
          throw unavailableError(error);
        }
      },
      async playbackProblem(id) {
        const rt = await ctx.getRuntime().catch(() => null);
        return explainPlayback({ rt, walletUnlocked: wallet.unlocked !== null, content: ctx.content, id });
      },
    },
  };
}
