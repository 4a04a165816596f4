// The `publishTrack` transaction, sent so that it lands at most once: signed locally with an
// explicit nonce, recorded by the caller, then broadcast; after a crash the recorded bytes are
// looked up (receipt, nonce) and sent again only as those same bytes, and the artist's catalogue
// is searched for the audio CID before anything is ever signed a second time.
import type { BaseWallet, JsonRpcProvider, TransactionReceipt } from 'ethers';
import { Transaction, getAddress, isError } from 'ethers';
import { artistInterface, connectArtist, parseArtistError, parseArtistLog } from '../../protocol/contracts';
import type { ArtistError } from '../../protocol/contracts';
import { PublishError } from './publishError';
import type { PublishJob, RecordedTransaction } from './publishJobStore';

const gasHeadroomPercent = 125n;

export interface PublishTransactionContext {
  provider: JsonRpcProvider;
  wallet: BaseWallet;
  chainId: number;
}

export type PublishOutcome =
  | { kind: 'published'; trackId: number }
  | { kind: 'reverted'; reason: string }
  /** Not mined yet, and the node holds it. */
  | { kind: 'pending' }
  /** Not mined and the node does not know it (never broadcast, or forgotten): send the same bytes. */
  | { kind: 'unsent' }
  /** Can never be mined (its nonce went to another transaction) and is not on chain. */
  | { kind: 'dropped' };

/** Signs `publishTrack` for `job`; a call the contract would refuse is refused here, unsigned. */
export async function signPublishTransaction(
  context: PublishTransactionContext,
  job: PublishJob,
  keyCommitment: string,
): Promise<RecordedTransaction> {
  const { provider, wallet, chainId } = context;
  if (!job.metadataCid || !job.audioCid || !job.contentHash) {
    throw new Error(`Publish job ${job.id} has no CIDs yet.`);
  }
  const from = wallet.address;
  const to = getAddress(job.artist);
  const data = artistInterface.encodeFunctionData('publishTrack', [
    job.metadataCid,
    job.audioCid,
    job.contentHash,
    keyCommitment,
    job.price,
  ]);
  let gasEstimate: bigint;
  try {
    gasEstimate = await provider.estimateGas({ from, to, data });
  } catch (error) {
    throw preflightError(error, from);
  }
  const [fees, nonce] = await Promise.all([
    provider.getFeeData(),
    provider.getTransactionCount(from, 'pending'),
  ]).catch((error: unknown) => {
    throw unreachable(error);
  });
  const feeFields =
    fees.maxFeePerGas !== null && fees.maxPriorityFeePerGas !== null
      ? { type: 2, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }
      : { type: 0, gasPrice: fees.gasPrice };
  const rawTransaction = await wallet.signTransaction({
    ...feeFields,
    chainId,
    nonce,
    to,
    data,
    value: 0n,
    gasLimit: (gasEstimate * gasHeadroomPercent) / 100n,
  });
  const hash = Transaction.from(rawTransaction).hash;
  if (!hash) throw new Error('The publish transaction could not be signed.');
  return { hash, rawTransaction, nonce, sender: from };
}

/** Sends the recorded bytes; sending them again is harmless (same hash, same nonce). */
export async function broadcastPublishTransaction(provider: JsonRpcProvider, job: PublishJob): Promise<void> {
  if (!job.rawTransaction || !job.txHash) throw new Error(`Publish job ${job.id} has no transaction.`);
  try {
    await provider.broadcastTransaction(job.rawTransaction);
  } catch (error) {
    if (await nodeHas(provider, job.txHash)) return;
    // Mined or replaced already: what happened is settled from the receipt and the nonce.
    if (isError(error, 'NONCE_EXPIRED') || isError(error, 'REPLACEMENT_UNDERPRICED')) return;
    throw unreachable(error);
  }
}

/** What became of the recorded transaction, from its receipt, or from the sender's nonce. */
export async function settlePublishTransaction(
  provider: JsonRpcProvider,
  job: PublishJob,
): Promise<PublishOutcome> {
  if (!job.txHash || job.txNonce === null || !job.sender) {
    throw new Error(`Publish job ${job.id} has no transaction.`);
  }
  let receipt: TransactionReceipt | null;
  try {
    receipt = await provider.getTransactionReceipt(job.txHash);
  } catch (error) {
    throw unreachable(error);
  }
  if (receipt) return outcomeOf(provider, job, receipt);
  if (await nodeHas(provider, job.txHash)) return { kind: 'pending' };
  const minedNonce = await provider.getTransactionCount(job.sender, 'latest').catch((error: unknown) => {
    throw unreachable(error);
  });
  return minedNonce > job.txNonce ? { kind: 'dropped' } : { kind: 'unsent' };
}

/** Waits for the recorded transaction to be mined (polling), or learns it never can be. */
export async function waitForPublishTransaction(
  provider: JsonRpcProvider,
  job: PublishJob,
  timeoutMs = 120_000,
): Promise<PublishOutcome> {
  if (!job.txHash) throw new Error(`Publish job ${job.id} has no transaction.`);
  try {
    await provider.waitForTransaction(job.txHash, 1, timeoutMs);
  } catch (error) {
    if (!isError(error, 'TIMEOUT')) throw unreachable(error);
  }
  return settlePublishTransaction(provider, job);
}

/**
 * The track this artist already published with `audioCid`, or null: searched in the contract's
 * own catalogue (newest first), which needs no log range from the node.
 */
export async function findPublishedTrack(
  provider: JsonRpcProvider,
  artist: string,
  matches: (track: { audioCid: string; contentHash: string }) => boolean,
): Promise<number | null> {
  const contract = connectArtist(artist, provider);
  try {
    const count = Number(await contract.trackCount());
    for (let trackId = count - 1; trackId >= 0; trackId -= 1) {
      const track = await contract.track(trackId);
      if (matches(track)) return trackId;
    }
  } catch (error) {
    throw unreachable(error);
  }
  return null;
}

async function outcomeOf(
  provider: JsonRpcProvider,
  job: PublishJob,
  receipt: TransactionReceipt,
): Promise<PublishOutcome> {
  if (receipt.status === 1) {
    for (const log of receipt.logs) {
      if (getAddress(log.address) !== getAddress(job.artist)) continue;
      const event = parseArtistLog(log);
      if (event?.name === 'TrackPublished' && event.args.audioCid === job.audioCid) {
        return { kind: 'published', trackId: Number(event.args.trackId) };
      }
    }
    throw new Error(`The publish transaction ${job.txHash} was mined without a TrackPublished event.`);
  }
  const transaction = Transaction.from(job.rawTransaction ?? '');
  if (transaction.gasLimit > 0n && receipt.gasUsed === transaction.gasLimit) {
    return {
      kind: 'reverted',
      reason: 'The publish transaction ran out of gas on chain. Publish the file again.',
    };
  }
  try {
    await provider.call({
      from: job.sender,
      to: job.artist,
      data: transaction.data,
      blockTag: receipt.blockNumber,
    });
  } catch (error) {
    return { kind: 'reverted', reason: describeArtistError(parseArtistError(error), job.sender ?? '') };
  }
  return { kind: 'reverted', reason: 'The artist contract refused to publish this track.' };
}

function describeArtistError(error: ArtistError | null, sender: string): string {
  if (error?.name === 'NotArtistOwner') {
    return `The artist contract refused the track: this wallet (${sender}) is not its owner (NotArtistOwner). Publish from the wallet that created the artist.`;
  }
  if (error) return `The artist contract refused to publish this track (${error.name}).`;
  return 'The artist contract refused to publish this track.';
}

function preflightError(error: unknown, sender: string): PublishError {
  if (isError(error, 'INSUFFICIENT_FUNDS')) {
    return new PublishError(
      'TX_REJECTED',
      'This wallet cannot pay the network fee to publish. Add funds and publish again.',
      { cause: error },
    );
  }
  const artistError = parseArtistError(error);
  if (artistError?.name === 'NotArtistOwner') {
    return new PublishError('NOT_OWNER', describeArtistError(artistError, sender), { cause: error });
  }
  if (artistError || isError(error, 'CALL_EXCEPTION')) {
    return new PublishError('TX_REJECTED', describeArtistError(artistError, sender), { cause: error });
  }
  return unreachable(error);
}

function unreachable(error: unknown): PublishError {
  if (error instanceof PublishError) return error;
  return new PublishError(
    'NETWORK_UNAVAILABLE',
    'Busker could not reach the network. The track is saved; publishing goes on when the network is back.',
    { cause: error },
  );
}

async function nodeHas(provider: JsonRpcProvider, hash: string): Promise<boolean> {
  try {
    return (await provider.getTransaction(hash)) !== null;
  } catch {
    return false;
  }
}
