import { getAddress } from 'ethers';
import { withinDeadline } from '../../base/deadline';
import type { TipQuote } from '../api/marketApi';
import { AppError } from '../errors';
import type { MarketRuntime } from './marketRuntime';
import { requireUnlockJobs } from './marketRuntime';

/** How long the quote waits for the chain before saying it cannot be reached. */
const quoteTimeoutMs = 10_000;

/**
 * What "Tip & unlock" would pay for a catalogue track, for the listener to confirm first: the
 * price, the artist who is paid, the network fee at most, and the wallet's balance.
 */
export async function quoteTip(rt: MarketRuntime, id: number): Promise<TipQuote> {
  const media = rt.session.catalogueTracks.media(id);
  const track = media && rt.session.catalogueStore.getTrack(getAddress(media.artist), media.trackId);
  if (!media || !track) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
  const jobs = requireUnlockJobs(rt.session);
  const artistContract = getAddress(media.artist);
  const artist = rt.session.catalogueStore
    .listArtists()
    .find((candidate) => candidate.address.toLowerCase() === artistContract.toLowerCase());
  const cost = await withinDeadline(
    jobs.estimateTip(media, track.price),
    quoteTimeoutMs,
    () => new Error('no answer in time'),
  ).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AppError(
      'NETWORK_UNREACHABLE',
      `The blockchain at ${rt.network.rpcUrl} is not answering (${reason}), so the tip cannot be prepared. ` +
        'Nothing was paid. Try again when you are back online.',
    );
  });
  return {
    id,
    priceWei: track.price.toString(),
    artistName: artist?.name ?? '',
    artistContract,
    feeWei: cost.fee.toString(),
    balanceWei: cost.balance.toString(),
    walletAddress: cost.sender,
    alreadyPaid: jobs.job(media)?.paid === true,
  };
}
