// The chain reads the key server makes (PROTOCOL.md §3), each at an explicit block so that one
// decision reads one consistent state. The interface is what the routes depend on; the benchmark
// swaps in a stub to measure the server without the chain.
import { getAddress, isError } from 'ethers';
import type { JsonRpcProvider } from 'ethers';
import { connectArtist, connectFactory } from '../protocol/contracts';
import type { ArtistFactoryContract } from '../protocol/contracts';
import { KeyServerError } from './errors';

export interface ChainReader {
  /** The number of the newest block. */
  headBlock(): Promise<number>;
  isArtist(artist: string, block: number): Promise<boolean>;
  /** The owner of an artist contract (checksummed). */
  artistOwner(artist: string, block: number): Promise<string>;
  trackCount(artist: string, block: number): Promise<bigint>;
  /** The track's on-chain key commitment (32 bytes); the track must exist. */
  keyCommitment(artist: string, trackId: bigint, block: number): Promise<Buffer>;
  hasAccess(artist: string, trackId: bigint, listener: string, block: number): Promise<boolean>;
}

/** Reads through an ethers provider; any failure to reach the node becomes 503 CHAIN_UNAVAILABLE. */
export class EthersChainReader implements ChainReader {
  private readonly factory: ArtistFactoryContract;

  constructor(
    private readonly provider: JsonRpcProvider,
    factory: string,
  ) {
    this.factory = connectFactory(factory, provider);
  }

  headBlock(): Promise<number> {
    return reach(() => this.provider.getBlockNumber());
  }

  isArtist(artist: string, block: number): Promise<boolean> {
    return reach(() => this.factory.isArtist(artist, { blockTag: block }));
  }

  async artistOwner(artist: string, block: number): Promise<string> {
    return getAddress(await reach(() => connectArtist(artist, this.provider).owner({ blockTag: block })));
  }

  trackCount(artist: string, block: number): Promise<bigint> {
    return reach(() => connectArtist(artist, this.provider).trackCount({ blockTag: block }));
  }

  async keyCommitment(artist: string, trackId: bigint, block: number): Promise<Buffer> {
    const track = await reach(() => connectArtist(artist, this.provider).track(trackId, { blockTag: block }));
    return Buffer.from(track.keyCommitment.slice(2), 'hex');
  }

  async hasAccess(artist: string, trackId: bigint, listener: string, block: number): Promise<boolean> {
    try {
      return await connectArtist(artist, this.provider).hasAccess(trackId, listener, { blockTag: block });
    } catch (error) {
      // No code at the address in that block (the artist contract is younger): nobody had access.
      if (isError(error, 'BAD_DATA') && error.value === '0x') return false;
      throw unreachable(error);
    }
  }
}

async function reach<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw unreachable(error);
  }
}

function unreachable(cause: unknown): KeyServerError {
  const error = new KeyServerError(
    'CHAIN_UNAVAILABLE',
    isError(cause, 'TIMEOUT')
      ? 'The chain node did not answer the key server in time. Try again in a few seconds.'
      : 'The key server could not read the chain just now. Try again in a few seconds.',
  );
  error.cause = cause;
  return error;
}
