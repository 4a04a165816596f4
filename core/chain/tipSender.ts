// Sending a tip so that a paid tip always ends in a known outcome, across crashes and restarts:
// the transaction is signed locally with an explicit nonce, gas and fees; the signed bytes are
// recorded in SQLite; only then are they broadcast. After a restart, `resumePendingTips` sends
// the very same bytes again (same hash, so at most one of them can ever land).
import { setTimeout as delay } from 'node:timers/promises';
import type { BaseWallet, FeeData, JsonRpcProvider, TransactionReceipt } from 'ethers';
import { Transaction, getAddress, isError } from 'ethers';
import { artistInterface, parseArtistError } from '../../protocol/contracts';
import type { ArtistError } from '../../protocol/contracts';
import type { TipRecord, TipStore } from './tipStore';
import { formatEtherWithUnit } from '../../base/etherAmount';

export type TipErrorCode = 'TIP_REJECTED' | 'INSUFFICIENT_FUNDS' | 'NOT_SENT' | 'NOT_RECORDED';

/** A tip that could not be made; `message` is for the listener. */
export class TipError extends Error {
  constructor(
    readonly code: TipErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TipError';
  }
}

export interface TipRequest {
  /** The artist contract. */
  artist: string;
  trackId: number;
  /** Wei; at least the track's price. */
  amount: bigint;
}

export interface SendTipOptions {
  /**
   * Stop once the signed tip is recorded, before it is broadcast: what a crash at the worst
   * moment leaves behind. For tests and for callers that broadcast later with `resumePendingTips`.
   */
  stopAfterRecording?: boolean;
}

export interface TipSenderOptions {
  provider: JsonRpcProvider;
  /** The listener's wallet; it signs locally, the node never sees the key. */
  wallet: BaseWallet;
  store: TipStore;
  chainId: number;
  /**
   * Blocks, counting the one that holds the tip, before it counts as confirmed (ethers'
   * `receipt.confirmations()`). Defaults to 2, what the devnet key server asks for.
   */
  confirmations?: number;
}

/** Headroom over the estimate: the first tip of a listener writes a new storage slot. */
const gasHeadroomPercent = 125n;
/** Gas a tip takes when the node cannot estimate it (an empty wallet): above what `tip` uses. */
const fallbackTipGas = 120_000n;

/** What a tip would cost before it is sent: the network fee is an upper estimate. */
export interface TipCost {
  amount: bigint;
  fee: bigint;
  balance: bigint;
  sender: string;
}

export class TipSender {
  private readonly provider: JsonRpcProvider;
  private readonly wallet: BaseWallet;
  private readonly store: TipStore;
  private readonly chainId: number;
  readonly confirmations: number;
  /** Tips are signed one at a time, so two tips never take the same nonce. */
  private signing: Promise<unknown> = Promise.resolve();

  constructor(options: TipSenderOptions) {
    this.provider = options.provider;
    this.wallet = options.wallet;
    this.store = options.store;
    this.chainId = options.chainId;
    this.confirmations = options.confirmations ?? 2;
  }

  /**
   * Signs, records, then broadcasts a tip. A tip the contract would refuse (unknown or retired
   * track, below the price) is refused here with `TIP_REJECTED` and nothing is recorded or paid.
   * Returns the record: `sent` normally, `signed` when the broadcast must wait for a resume.
   */
  async sendTip(request: TipRequest, options: SendTipOptions = {}): Promise<TipRecord> {
    const signed = this.signing.then(() => this.signAndRecord(request));
    this.signing = signed.catch(() => undefined);
    const record = await signed;
    if (options.stopAfterRecording) return record;
    return this.broadcast(record);
  }

  /**
   * Waits until the tip has `confirmations` blocks (default: the sender's), then records it as
   * confirmed, or as failed with the contract's reason if it reverted. Polls at the provider's
   * interval; a tip the node has forgotten meanwhile is sent again. `signal` stops the wait.
   */
  async waitForConfirmations(
    hash: string,
    confirmations: number = this.confirmations,
    signal?: AbortSignal,
  ): Promise<TipRecord> {
    let tip = this.store.require(hash);
    if (tip.status === 'signed') tip = await this.broadcast(tip);
    for (;;) {
      if (tip.status === 'confirmed' || tip.status === 'failed') return tip;
      signal?.throwIfAborted();
      tip = await this.recheck(tip, confirmations);
      if (tip.status === 'sent') await delay(this.provider.pollingInterval, undefined, { signal });
    }
  }

  /**
   * After a restart: broadcasts every tip recorded but not yet sent (the same raw transaction,
   * so a tip that did go out before the crash is not paid twice), and settles sent tips that have
   * since been mined. Returns the open tips as they are now.
   */
  async resumePendingTips(): Promise<TipRecord[]> {
    const results: TipRecord[] = [];
    for (const tip of this.store.listOpen(this.chainId)) {
      results.push(tip.status === 'signed' ? await this.broadcast(tip) : await this.recheck(tip));
    }
    return results;
  }

  /**
   * The tip's price, network fee (at most: the gas limit this sender would set, at today's fee
   * per gas) and the wallet's balance, so the listener confirms knowing what is paid.
   */
  async estimateCost(request: TipRequest): Promise<TipCost> {
    const from = this.wallet.address;
    const to = getAddress(request.artist);
    const data = artistInterface.encodeFunctionData('tip', [request.trackId]);
    const [gas, fees, balance] = await Promise.all([
      this.provider
        .estimateGas({ from, to, data, value: request.amount })
        .then((estimate) => (estimate * gasHeadroomPercent) / 100n)
        .catch(() => fallbackTipGas),
      this.provider.getFeeData(),
      this.provider.getBalance(from),
    ]);
    return { amount: request.amount, fee: gas * feePerGas(fees), balance, sender: from };
  }

  private async signAndRecord(request: TipRequest): Promise<TipRecord> {
    const from = this.wallet.address;
    const to = getAddress(request.artist);
    const data = artistInterface.encodeFunctionData('tip', [request.trackId]);
    const value = request.amount;

    let gasEstimate: bigint;
    try {
      gasEstimate = await this.provider.estimateGas({ from, to, data, value });
    } catch (error) {
      if (isError(error, 'INSUFFICIENT_FUNDS')) {
        throw insufficientFunds(await this.estimateCost(request).catch(() => null), error);
      }
      throw preflightError(error, request);
    }
    const [fees, chainNonce] = await Promise.all([
      this.provider.getFeeData(),
      this.provider.getTransactionCount(from, 'pending'),
    ]);
    const nonce = Math.max(chainNonce, this.store.nextNonce(this.chainId, from) ?? 0);
    const gasLimit = (gasEstimate * gasHeadroomPercent) / 100n;
    const feeFields =
      fees.maxFeePerGas !== null && fees.maxPriorityFeePerGas !== null
        ? { type: 2, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }
        : { type: 0, gasPrice: fees.gasPrice };
    const rawTransaction = await this.wallet.signTransaction({
      ...feeFields,
      chainId: this.chainId,
      nonce,
      to,
      data,
      value,
      gasLimit,
    });
    const hash = Transaction.from(rawTransaction).hash;
    if (!hash) throw new TipError('NOT_RECORDED', 'The tip transaction could not be signed.');
    return this.store.recordSigned({
      hash,
      rawTransaction,
      chainId: this.chainId,
      artist: to,
      trackId: request.trackId,
      amount: value,
      sender: from,
      nonce,
    });
  }

  /** Sends the recorded raw transaction; sending it again is harmless (same hash). */
  private async broadcast(tip: TipRecord): Promise<TipRecord> {
    try {
      await this.provider.broadcastTransaction(tip.rawTransaction);
    } catch (error) {
      // "Already known" or already mined: the node has this very transaction.
      if (await this.nodeHas(tip.hash)) return this.store.markSent(tip.hash);
      const permanent = permanentRejection(error);
      if (permanent) return this.store.markFailed(tip.hash, permanent);
      throw new TipError(
        'NOT_SENT',
        'The tip is saved but could not be sent to the network. Busker sends it again when the network is back.',
        { cause: error },
      );
    }
    return this.store.markSent(tip.hash);
  }

  private async recheck(tip: TipRecord, confirmations: number = this.confirmations): Promise<TipRecord> {
    const receipt = await this.provider.getTransactionReceipt(tip.hash);
    if (receipt) {
      if ((await receipt.confirmations()) >= confirmations) {
        return this.settle(tip, receipt);
      }
      return tip;
    }
    // Not mined and maybe no longer in the node's pool (a restarted node forgets it): send again.
    if (await this.nodeHas(tip.hash)) return tip;
    return this.broadcast({ ...tip, status: 'signed' });
  }

  private async settle(tip: TipRecord, receipt: TransactionReceipt): Promise<TipRecord> {
    if (receipt.status === 1) return this.store.markConfirmed(tip.hash, receipt.blockNumber);
    return this.store.markFailed(tip.hash, await this.revertReason(tip, receipt), receipt.blockNumber);
  }

  /** Replays the reverted tip at its block to read the contract's custom error. */
  private async revertReason(tip: TipRecord, receipt: TransactionReceipt): Promise<string> {
    const transaction = Transaction.from(tip.rawTransaction);
    if (transaction.gasLimit > 0n && receipt.gasUsed === transaction.gasLimit) {
      return 'The tip ran out of gas on chain; nothing was paid to the artist. Try again.';
    }
    try {
      await this.provider.call({
        from: tip.sender,
        to: tip.artist,
        data: transaction.data,
        value: transaction.value,
        blockTag: receipt.blockNumber,
      });
    } catch (error) {
      return describeArtistError(parseArtistError(error), tip.amount);
    }
    return 'The tip was refused on chain; nothing was paid to the artist.';
  }

  private async nodeHas(hash: string): Promise<boolean> {
    try {
      return (await this.provider.getTransaction(hash)) !== null;
    } catch {
      return false;
    }
  }
}

function describeArtistError(error: ArtistError | null, amount: bigint): string {
  if (!error) return 'The tip was refused on chain; nothing was paid to the artist.';
  switch (error.name) {
    case 'UnknownTrack':
      return 'The artist has no such track; nothing was paid.';
    case 'TrackRetired':
      return 'The artist retired this track (TrackRetired); it takes no more tips, and nothing was paid.';
    case 'TipTooLow':
      return `The tip of ${formatEtherWithUnit(amount, 18)} is below the track's price of ${formatEtherWithUnit(error.args.price, 18)} (TipTooLow); nothing was paid.`;
    default:
      return `The artist contract refused the tip (${error.name}); nothing was paid.`;
  }
}

function feePerGas(fees: FeeData): bigint {
  return fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
}

/** "Your wallet has 0 ETH; a tip of 0.002 ETH plus about 0.0001 ETH fee is needed. Add funds to 0x…" */
function insufficientFunds(cost: TipCost | null, cause: unknown): TipError {
  const message = cost
    ? `Your wallet has ${formatEtherWithUnit(cost.balance)}; a tip of ${formatEtherWithUnit(cost.amount)} ` +
      `plus about ${formatEtherWithUnit(cost.fee)} network fee is needed. Nothing was paid. ` +
      `Add funds to ${cost.sender}, then try again.`
    : 'Your wallet cannot cover this tip and its network fee. Nothing was paid. Add funds, then try again.';
  return new TipError('INSUFFICIENT_FUNDS', message, { cause });
}

function preflightError(error: unknown, request: TipRequest): TipError {
  const artistError = parseArtistError(error);
  if (artistError || isError(error, 'CALL_EXCEPTION')) {
    return new TipError('TIP_REJECTED', describeArtistError(artistError, request.amount), { cause: error });
  }
  return new TipError('NOT_SENT', 'Busker could not reach the network to prepare the tip. Try again.', {
    cause: error,
  });
}

/** A reason when the node refused the transaction for good (retrying the same bytes cannot help). */
function permanentRejection(error: unknown): string | undefined {
  if (isError(error, 'NONCE_EXPIRED')) {
    return 'Another transaction from this wallet used the same nonce, so this tip can never be mined; nothing was paid.';
  }
  if (isError(error, 'INSUFFICIENT_FUNDS')) {
    return 'The wallet could not cover the tip and its network fee when it was sent; nothing was paid.';
  }
  return undefined;
}
