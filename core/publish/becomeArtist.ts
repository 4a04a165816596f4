// Becoming an artist creates the signer's `Artist` contract once: an owner who already has one
// (an `ArtistCreated` event with them as owner) gets that one back instead of a second.
import type { Provider, Signer } from 'ethers';
import { getAddress, zeroPadValue } from 'ethers';
import {
  artistFactoryInterface,
  connectArtist,
  connectFactory,
  parseFactoryLog,
} from '../../protocol/contracts';
import { PublishError } from './publishError';

export interface ArtistAccount {
  /** The artist contract, checksummed. */
  artist: string;
  name: string;
  /** False when the signer already had an artist contract. */
  created: boolean;
}

export interface BecomeArtistOptions {
  /** Where to start looking for the owner's earlier contract (the factory's deploy block). */
  fromBlock?: number;
}

/** The artist contract `owner` created with `factory`, or null. The first one, if several. */
export async function findArtistContract(
  provider: Provider,
  factory: string,
  owner: string,
  fromBlock = 0,
): Promise<{ artist: string; name: string } | null> {
  const event = artistFactoryInterface.getEvent('ArtistCreated');
  if (!event) throw new Error('The factory ABI has no ArtistCreated event.');
  const logs = await provider.getLogs({
    address: getAddress(factory),
    topics: [event.topicHash, zeroPadValue(getAddress(owner), 32)],
    fromBlock,
    toBlock: 'latest',
  });
  for (const log of logs) {
    const decoded = parseFactoryLog(log);
    if (decoded?.name === 'ArtistCreated') {
      return { artist: getAddress(decoded.args.artist), name: decoded.args.name };
    }
  }
  return null;
}

/** Creates `signer`'s artist contract named `name`, unless it already has one. */
export async function becomeArtist(
  signer: Signer,
  factory: string,
  name: string,
  options: BecomeArtistOptions = {},
): Promise<ArtistAccount> {
  const provider = signer.provider;
  if (!provider) throw new Error('The signer must be connected to the network.');
  const owner = await signer.getAddress();
  const existing = await findArtistContract(provider, factory, owner, options.fromBlock);
  if (existing) return { ...existing, created: false };
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new PublishError('NOT_ARTIST', 'An artist name is 1 to 200 characters long.');
  }
  const receipt = await (await connectFactory(factory, signer).createArtist(trimmed)).wait();
  for (const log of receipt?.logs ?? []) {
    const decoded = parseFactoryLog(log);
    if (decoded?.name === 'ArtistCreated') {
      return { artist: getAddress(decoded.args.artist), name: decoded.args.name, created: true };
    }
  }
  throw new Error('createArtist emitted no ArtistCreated event.');
}

/** Checks that `owner` owns the artist contract at `artist`, before anything is encrypted or paid. */
export async function assertArtistOwner(provider: Provider, artist: string, owner: string): Promise<void> {
  let contractOwner: string;
  try {
    contractOwner = await connectArtist(artist, provider).owner();
  } catch (error) {
    throw new PublishError('NOT_ARTIST', `${artist} is not an artist contract on this network.`, {
      cause: error,
    });
  }
  if (getAddress(contractOwner) !== getAddress(owner)) {
    throw new PublishError(
      'NOT_OWNER',
      `This wallet (${getAddress(owner)}) does not own the artist contract ${getAddress(artist)}; only its owner can publish to it.`,
    );
  }
}
