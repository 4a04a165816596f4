/** The artist's part of the market API: the artist contract, its earnings, withdrawing them. */
import { getAddress } from 'ethers';
import type { ArtistState, Earnings, MarketApi } from '../../api/marketApi';
import { artistInterface, connectArtist } from '../../../protocol/contracts';
import { AppError } from '../../errors';
import { becomeArtist } from '../../publish/becomeArtist';
import type { MarketRuntime } from '../marketRuntime';
import { summarizePublishJob } from '../marketSummaries';
import type { ArtistAccount, MarketContext } from './marketContext';
import { chainError, withTimeout } from './marketErrors';

export type ArtistService = Pick<MarketApi, 'artistState' | 'becomeArtist' | 'earnings' | 'withdraw'>;

export function createArtistService(ctx: MarketContext): ArtistService {
  const { wallet } = ctx;

  async function artistState(): Promise<ArtistState> {
    const rt = await ctx.getRuntime();
    const artist = await ctx.findArtist(rt);
    if (!artist) return { contract: null, name: null, balanceWei: null };
    const balance = await withTimeout(rt.session.provider.getBalance(artist.address)).catch(
      (error: unknown) => {
        throw chainError(error);
      },
    );
    return { contract: artist.address, name: artist.name, balanceWei: balance.toString() };
  }

  /** Every tip the artist contract received, named by the track's title where a job knows it. */
  async function readEarnings(rt: MarketRuntime, artist: ArtistAccount): Promise<Earnings> {
    const provider = rt.session.provider;
    const tipped = artistInterface.getEvent('Tipped');
    if (!tipped) throw new Error('The artist ABI has no Tipped event.');
    const logs = await provider.getLogs({
      address: artist.address,
      topics: [tipped.topicHash],
      fromBlock: rt.network.factoryBlock ?? 0,
      toBlock: 'latest',
    });
    const titles = new Map<number, string>();
    for (const job of ctx.publishJobs().list(rt.network.chainId, artist.address)) {
      if (job.trackId !== null) titles.set(job.trackId, summarizePublishJob(job).title);
    }
    const times = new Map<number, number>();
    const tips = [];
    let total = 0n;
    for (const log of logs) {
      const parsed = artistInterface.parseLog(log);
      if (!parsed) continue;
      const chainTrackId = Number(parsed.args[0]);
      const amount = BigInt(parsed.args[2] as bigint);
      total += amount;
      if (!times.has(log.blockNumber)) {
        const block = await provider.getBlock(log.blockNumber);
        times.set(log.blockNumber, (block?.timestamp ?? 0) * 1000);
      }
      tips.push({
        chainTrackId,
        title: titles.get(chainTrackId) ?? `Track ${chainTrackId}`,
        listener: getAddress(String(parsed.args[1])),
        amountWei: amount.toString(),
        at: times.get(log.blockNumber) ?? 0,
        txHash: log.transactionHash,
      });
    }
    const balance = await provider.getBalance(artist.address);
    return { balanceWei: balance.toString(), totalWei: total.toString(), tips };
  }

  return {
    artistState,
    async becomeArtist(name) {
      const unlocked = await wallet.require();
      const rt = await ctx.getRuntime();
      try {
        const account = await becomeArtist(
          unlocked.wallet.connect(rt.session.provider),
          rt.network.factory,
          name,
          {
            ...(rt.network.factoryBlock === undefined ? {} : { fromBlock: rt.network.factoryBlock }),
          },
        );
        rt.artist = { address: account.artist, name: account.name };
      } catch (error) {
        throw chainError(error);
      }
      return artistState();
    },
    async earnings() {
      const rt = await ctx.getRuntime();
      const artist = await ctx.findArtist(rt);
      if (!artist) throw new AppError('NOT_AN_ARTIST', 'Become an artist first to see your earnings.');
      return readEarnings(rt, artist).catch((error: unknown) => {
        throw chainError(error);
      });
    },
    async withdraw(to) {
      const unlocked = await wallet.require();
      const rt = await ctx.getRuntime();
      const artist = await ctx.findArtist(rt);
      if (!artist)
        throw new AppError('NOT_AN_ARTIST', 'Become an artist first: there is nothing to withdraw.');
      try {
        const signer = unlocked.wallet.connect(rt.session.provider);
        const contract = connectArtist(artist.address, signer);
        await (await contract.withdraw(to ?? signer.address)).wait();
      } catch (error) {
        throw chainError(error);
      }
      return artistState();
    },
  };
}
