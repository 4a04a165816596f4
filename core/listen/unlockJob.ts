// "Tip & unlock" for one catalogue track, as a job that survives restarts:
//   tipping → tipSent (TipSender recorded the signed tip before broadcasting it) → confirming k/N
//   → fetchingKey → ready, or failed with a reason in words.
// A paid tip always ends in a key: before tipping, a tip recorded by an earlier run is adopted
// and on-chain access (`hasAccess`) is checked, so a restart never tips twice; a key server that
// is down, behind, or still waiting for the artist's key is retried with backoff.
import { setTimeout as delay } from 'node:timers/promises';
import type { BaseWallet, JsonRpcProvider } from 'ethers';
import { getAddress, getBytes, isError } from 'ethers';
import { connectArtist, parseArtistError } from '../../protocol/contracts';
import { TipError } from '../chain/tipSender';
import type { TipCost, TipSender } from '../chain/tipSender';
import type { TipStore } from '../chain/tipStore';
import { AppError } from '../errors';
import { missingCase } from '../../base/missingCase';
import type { KeyServerClient } from '../unlock/keyServerClient';
import { KeyServerRequestError } from '../unlock/keyServerClient';
import type { KeyVault } from '../unlock/keyVault';
import { VaultError } from '../unlock/keyVault';
import type { OnChainTrack } from '../unlock/onChainTrack';
import { normalizeOnChainTrack } from '../unlock/onChainTrack';
import type { UnlockJobRecord, UnlockJobStore, UnlockState } from './unlockJobStore';

export type { UnlockJobRecord, UnlockState } from './unlockJobStore';

/** What a progress listener sees; `confirmations` only while confirming. */
export interface UnlockProgress {
  state: UnlockState;
  track: OnChainTrack;
  tipHash: string | null;
  confirmations?: { seen: number; needed: number };
  /** While fetching the key: why the last try did not get it (Busker is trying again). */
  waitingFor?: string;
  failureReason?: string;
}

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface UnlockJobsOptions {
  store: UnlockJobStore;
  vault: KeyVault;
  tipSender: TipSender;
  tipStore: TipStore;
  provider: JsonRpcProvider;
  keyServer: KeyServerClient;
  /** The listener's wallet: pays the tip and signs the key request. */
  wallet: BaseWallet;
  chainId: number;
  /** Blocks the tip needs before the key is asked for (the key server's `confirmations`). */
  confirmations: number;
  /** Key-server retries; defaults to 1 s doubling up to 30 s. */
  retry?: RetryPolicy;
}

export interface UnlockOptions {
  /** Wei to tip; defaults to the track's on-chain price. */
  amount?: bigint;
  onProgress?: (progress: UnlockProgress) => void;
  signal?: AbortSignal;
}

/** Key-server answers that mean "not yet": the job waits and asks again. */
const retryableCodes = new Set([
  'UNREACHABLE',
  'KEY_NOT_DEPOSITED',
  'TIP_NOT_CONFIRMED',
  // The listener's access is on chain (we checked); a key server reading a lagging node may not see it yet.
  'TIP_REQUIRED',
  'RATE_LIMITED',
  'NONCE_REUSED',
  'EXPIRED',
  'MALFORMED_ANSWER',
]);

interface OnChainFacts {
  price: bigint;
  retired: boolean;
  keyCommitment: Uint8Array;
}

export class UnlockJobs {
  private readonly running = new Map<string, Promise<UnlockJobRecord>>();
  private readonly retry: RetryPolicy;
  readonly listener: string;

  constructor(private readonly options: UnlockJobsOptions) {
    this.retry = options.retry ?? { firstDelayMs: 1_000, maxDelayMs: 30_000 };
    this.listener = options.wallet.address.toLowerCase();
  }

  /**
   * Tips (when needed) and fetches the key for one track; resolves with the job once it is
   * ready or failed. Calling it again continues the same job: a failed job whose tip was paid
   * goes back to fetching the key, never to tipping. Rejects only when interrupted (network
   * down while tipping, `signal` aborted): the job stays open and `resume` continues it.
   */
  unlock(track: { artist: string; trackId: number }, options: UnlockOptions = {}): Promise<UnlockJobRecord> {
    const onChain = normalizeOnChainTrack({ chainId: this.options.chainId, ...track });
    const key = `${onChain.artist}:${onChain.trackId}`;
    const existing = this.running.get(key);
    if (existing) return existing;
    const run = this.start(onChain, options).finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /** After a restart: continues every open job of this listener, one after another. */
  async resume(options: Omit<UnlockOptions, 'amount'> = {}): Promise<UnlockJobRecord[]> {
    const results: UnlockJobRecord[] = [];
    for (const job of this.options.store.listOpen(this.options.chainId, this.listener)) {
      results.push(await this.unlock(job.track, options));
    }
    return results;
  }

  /** What tipping `amount` for this track would cost this listener now (see TipSender.estimateCost). */
  estimateTip(track: { artist: string; trackId: number }, amount: bigint): Promise<TipCost> {
    return this.options.tipSender.estimateCost({ artist: track.artist, trackId: track.trackId, amount });
  }

  job(track: { artist: string; trackId: number }): UnlockJobRecord | undefined {
    return this.options.store.get({ chainId: this.options.chainId, ...track }, this.listener);
  }

  private async start(track: OnChainTrack, options: UnlockOptions): Promise<UnlockJobRecord> {
    const { store } = this.options;
    const facts = await this.readTrack(track);
    let job = store.getOrCreate(track, this.listener, options.amount ?? facts.price);
    if (job.state === 'failed' || (job.state === 'ready' && !this.options.vault.has(track))) {
      // Trying again: a paid job only needs its key; an unpaid one starts over.
      job = job.paid
        ? store.update(job, { state: 'fetchingKey', failureReason: null })
        : store.update(job, {
            state: 'tipping',
            tipHash: null,
            failureReason: null,
            amount: options.amount ?? facts.price,
          });
    } else if (job.state === 'tipping' && options.amount !== undefined) {
      job = store.update(job, { state: 'tipping', amount: options.amount });
    }
    return this.drive(job, facts, options);
  }

  private async drive(
    job: UnlockJobRecord,
    facts: OnChainFacts,
    options: UnlockOptions,
  ): Promise<UnlockJobRecord> {
    const { store, vault } = this.options;
    const report = (current: UnlockJobRecord, extra: Partial<UnlockProgress> = {}) =>
      options.onProgress?.({
        state: current.state,
        track: current.track,
        tipHash: current.tipHash,
        ...(current.failureReason === null ? {} : { failureReason: current.failureReason }),
        ...extra,
      });
    report(job);
    for (;;) {
      options.signal?.throwIfAborted();
      if (job.state !== 'ready' && job.state !== 'failed' && vault.has(job.track)) {
        job = store.update(job, { state: 'ready', failureReason: null });
        report(job);
      }
      switch (job.state) {
        case 'ready':
        case 'failed':
          return job;
        case 'tipping':
          job = await this.tip(job, facts);
          break;
        case 'tipSent':
        case 'confirming':
          job = await this.confirm(job, options, report);
          break;
        case 'fetchingKey':
          job = await this.fetchKey(job, facts, options, report);
          break;
        default:
          missingCase(job.state);
      }
      report(job);
    }
  }

  private async tip(job: UnlockJobRecord, facts: OnChainFacts): Promise<UnlockJobRecord> {
    const { store, tipStore, tipSender } = this.options;
    const artist = getAddress(job.track.artist);
    // A tip an earlier run recorded (maybe broadcast) before it could note it here: adopt it.
    const recorded = tipStore
      .listForTrack(artist, job.track.trackId)
      .filter(
        (tip) =>
          tip.chainId === job.track.chainId &&
          tip.sender.toLowerCase() === this.listener &&
          tip.status !== 'failed' &&
          tip.createdAt >= job.createdAt,
      )
      .at(-1);
    if (recorded) return store.update(job, { state: 'tipSent', tipHash: recorded.hash });
    if (await this.hasAccess(job.track)) {
      return store.update(job, { state: 'fetchingKey', paid: true });
    }
    if (facts.retired) {
      return store.update(job, {
        state: 'failed',
        failureReason:
          'The artist retired this track: it takes no more tips, so it cannot be unlocked. Nothing was paid.',
      });
    }
    try {
      const tip = await tipSender.sendTip({ artist, trackId: job.track.trackId, amount: job.amount });
      return store.update(job, { state: 'tipSent', tipHash: tip.hash });
    } catch (error) {
      if (
        error instanceof TipError &&
        (error.code === 'TIP_REJECTED' || error.code === 'INSUFFICIENT_FUNDS')
      ) {
        return store.update(job, { state: 'failed', failureReason: error.message });
      }
      // Not sent (network down) or recorded but not broadcast: the job stays in `tipping`, and the
      // next run adopts the recorded tip instead of signing a new one.
      throw error;
    }
  }

  private async confirm(
    job: UnlockJobRecord,
    options: UnlockOptions,
    report: (job: UnlockJobRecord, extra?: Partial<UnlockProgress>) => void,
  ): Promise<UnlockJobRecord> {
    const { store, tipSender, provider, confirmations: needed } = this.options;
    const hash = job.tipHash;
    if (hash === null) return store.update(job, { state: 'tipping' });
    if (job.state === 'tipSent') job = store.update(job, { state: 'confirming' });

    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    let lastSeen = -1;
    const watch = async () => {
      while (!signal.aborted) {
        const receipt = await provider.getTransactionReceipt(hash).catch(() => null);
        const head = receipt ? await provider.getBlockNumber().catch(() => null) : null;
        const seen = receipt && head !== null ? Math.max(0, head - receipt.blockNumber + 1) : 0;
        if (seen !== lastSeen) {
          lastSeen = seen;
          report(job, { confirmations: { seen: Math.min(seen, needed), needed } });
        }
        await delay(provider.pollingInterval, undefined, { signal }).catch(() => undefined);
      }
    };
    const watching = watch();
    try {
      const tip = await tipSender.waitForConfirmations(hash, needed, signal);
      if (tip.status === 'failed') {
        return store.update(job, {
          state: 'failed',
          failureReason: tip.failureReason ?? 'The tip failed on chain; nothing was paid.',
        });
      }
      if (lastSeen < needed) report(job, { confirmations: { seen: needed, needed } });
      return store.update(job, { state: 'fetchingKey', paid: true });
    } finally {
      stop.abort();
      await watching;
    }
  }

  private async fetchKey(
    job: UnlockJobRecord,
    facts: OnChainFacts,
    options: UnlockOptions,
    report: (job: UnlockJobRecord, extra?: Partial<UnlockProgress>) => void,
  ): Promise<UnlockJobRecord> {
    const { store, vault, keyServer, wallet } = this.options;
    let wait = this.retry.firstDelayMs;
    for (;;) {
      options.signal?.throwIfAborted();
      try {
        const contentKey = await keyServer.unlock(wallet, job.track);
        try {
          vault.put(job.track, contentKey, facts.keyCommitment);
        } finally {
          contentKey.fill(0);
        }
        return store.update(job, { state: 'ready', failureReason: null });
      } catch (error) {
        if (error instanceof VaultError && error.code === 'KEY_MISMATCH') {
          return store.update(job, {
            state: 'failed',
            failureReason:
              "The key server sent a key that does not match this track's on-chain commitment, so it was " +
              'not kept. The key server is broken or dishonest; your tip is recorded on chain, and ' +
              'unlocking again asks for the key without tipping again.',
          });
        }
        if (!(error instanceof KeyServerRequestError)) throw error;
        if (!retryableCodes.has(error.code)) {
          return store.update(job, {
            state: 'failed',
            failureReason: `${error.message} Your tip is recorded on chain; unlocking again asks for the key without tipping again.`,
          });
        }
        report(job, { waitingFor: error.message });
        await delay(wait, undefined, { signal: options.signal });
        wait = Math.min(wait * 2, this.retry.maxDelayMs);
      }
    }
  }

  private async readTrack(track: OnChainTrack): Promise<OnChainFacts> {
    const artist = connectArtist(track.artist, this.options.provider);
    let result;
    try {
      result = await artist.track(track.trackId);
    } catch (error) {
      if (parseArtistError(error)?.name === 'UnknownTrack' || isError(error, 'CALL_EXCEPTION')) {
        throw new AppError(
          'NOT_FOUND',
          `There is no track ${track.trackId} at ${getAddress(track.artist)} on this network. Check the artist and track number (\`busker catalogue\` lists them).`,
        );
      }
      throw error;
    }
    return {
      price: result.price,
      retired: result.retired,
      keyCommitment: getBytes(result.keyCommitment),
    };
  }

  private async hasAccess(track: OnChainTrack): Promise<boolean> {
    return connectArtist(track.artist, this.options.provider).hasAccess(
      track.trackId,
      this.options.wallet.address,
    );
  }
}
