/**
 * Publishing in the app: one publisher per runtime (so jobs run one at a time), its progress as
 * events, and jobs left waiting on a passing trouble tried again with backoff while the app runs.
 */
import { parseEther } from 'ethers';
import type { MarketApi } from '../../api/marketApi';
import { AppError } from '../../errors';
import type { Publisher } from '../../publish/publisher';
import type { PublishJob } from '../../publish/publishJobStore';
import type { MarketRuntime } from '../marketRuntime';
import { summarizePublishJob } from '../marketSummaries';
import { pinningNetworkKey, readPinningToken } from '../pinningTokens';
import type { ArtistPublisher } from './artistPublisher';
import { enqueueFiles, openArtistPublisher, requirePublishing } from './artistPublisher';
import type { MarketContext } from './marketContext';

export interface PublishService {
  api: Pick<MarketApi, 'publishFiles' | 'listPublishJobs'>;
  /** Continues this network's unfinished publish jobs, when the wallet is an artist's here. */
  resume(): Promise<void>;
  /** A pinning token saved for `rt`'s network reaches the open publisher's next seed request. */
  useToken(rt: MarketRuntime, token: string | null): void;
  /** Stops the retry timer. */
  stop(): void;
}

export function createPublishService(ctx: MarketContext): PublishService {
  const { wallet } = ctx;
  let current: (ArtistPublisher & { runtime: MarketRuntime }) | null = null;
  const retry: { timer: NodeJS.Timeout | null; delayMs: number } = { timer: null, delayMs: 0 };

  async function getPublisher(): Promise<Publisher> {
    const unlocked = await wallet.require();
    const rt = await ctx.getRuntime();
    if (current?.runtime === rt) return current.publisher;
    const token = await readPinningToken(ctx.dataDir, unlocked.keys.vaultKey, pinningNetworkKey(rt.network));
    const found = await ctx.findArtist(rt);
    // Made by another caller meanwhile: one publisher per runtime, so jobs run one at a time.
    if (current?.runtime === rt) return current.publisher;
    const { artist, keyServer } = requirePublishing(found, rt.session.keyServer);
    const opened = openArtistPublisher({
      store: ctx.publishJobs(),
      contentStore: ctx.content,
      provider: rt.session.provider,
      wallet: unlocked.wallet,
      network: rt.network,
      artist: artist.address,
      keyServer,
      legacyWrappingKey: unlocked.keys.legacyPublishWrappingKey,
      ...(token === undefined ? {} : { pinningToken: token }),
      onProgress: (progress) => {
        if (ctx.closed()) return;
        const job = ctx.publishJobs().require(progress.jobId);
        ctx.emit({ name: 'onDidPublishProgress', payload: summarizePublishJob(job, progress) });
      },
    });
    current = { ...opened, runtime: rt };
    return opened.publisher;
  }

  /**
   * After a publish run: a job it left waiting on a passing trouble (the key server or the chain
   * not answering) is tried again, with backoff, for as long as the app runs.
   */
  function retryWaitingJobs(jobs: readonly PublishJob[]): void {
    if (jobs.every((job) => job.state === 'done' || job.state === 'failed')) {
      retry.delayMs = 0;
      return;
    }
    if (ctx.closed() || retry.timer) return;
    const policy = ctx.options.unlockRetry ?? { firstDelayMs: 1_000, maxDelayMs: 30_000 };
    retry.delayMs = Math.min(policy.maxDelayMs, retry.delayMs * 2 || policy.firstDelayMs);
    retry.timer = setTimeout(() => {
      retry.timer = null;
      if (!ctx.closed() && wallet.unlocked) ctx.inBackground(resume());
    }, retry.delayMs);
  }

  async function resume(): Promise<void> {
    const rt = await ctx.getRuntime();
    const artist = await ctx.findArtist(rt).catch(() => null);
    if (!artist || !rt.session.keyServer) return;
    retryWaitingJobs(await (await getPublisher()).resume());
  }

  return {
    resume,
    useToken(rt, token) {
      if (current?.runtime === rt) for (const seed of current.seeds) seed.token = token ?? undefined;
    },
    stop() {
      if (retry.timer) clearTimeout(retry.timer);
    },
    api: {
      async publishFiles(paths, priceEth, again = false) {
        const price = parseEther(priceEth);
        const active = await getPublisher();
        const { jobs, refused } = await enqueueFiles(active, paths, price, again, (job) =>
          ctx.inBackground(active.run(job.id).then((ran) => retryWaitingJobs([ran]))),
        );
        return {
          jobs: jobs.map((job) => summarizePublishJob(job)),
          refused: refused.map(({ path, error }) => ({
            fileName: path.split(/[\\/]/).at(-1) ?? path,
            reason: error.message,
            ...(error.code === 'ALREADY_PUBLISHED' ? { secondCopyPath: path } : {}),
          })),
        };
      },
      async listPublishJobs() {
        if (!wallet.unlocked) return [];
        // Not connected is a state, not an error: with no network there are no jobs on it.
        const rt = await ctx.getRuntime().catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'NO_NETWORK') return null;
          throw error;
        });
        if (!rt) return [];
        const artist = await ctx.findArtist(rt);
        if (!artist) return [];
        return ctx
          .publishJobs()
          .list(rt.network.chainId, artist.address)
          .map((job) => summarizePublishJob(job));
      },
    },
  };
}
