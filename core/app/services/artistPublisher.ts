/**
 * The one way a publisher is put together, for the app and for `busker publish`: old job keys
 * rewrapped under the wallet's, the network's seeds with the saved pinning token, and files
 * queued with the publish-once rule's refusals kept apart from real failures.
 */
import type { BaseWallet, JsonRpcProvider, Wallet } from 'ethers';
import { AppError } from '../../errors';
import type { ContentStore } from '../../storage/contentStore';
import { seedPinningEndpoints } from '../../storage/pinningServiceClient';
import type { PinningEndpoint } from '../../storage/pinningServiceClient';
import type { KeyServerClient } from '../../unlock/keyServerClient';
import { wrappingKeyFromWallet } from '../../publish/artistSession';
import { rewrapJobKeys } from '../../publish/contentKeyWrap';
import { PublishError } from '../../publish/publishError';
import type { PublishJob, PublishJobStore } from '../../publish/publishJobStore';
import { Publisher } from '../../publish/publisher';
import type { PublishProgress } from '../../publish/publisher';

export interface ArtistPublisherInput {
  store: PublishJobStore;
  contentStore: ContentStore;
  provider: JsonRpcProvider;
  /** The artist contract's owner (its private key derives the job wrapping key). */
  wallet: Wallet;
  network: { chainId: number; seeds?: readonly { pinning: string }[] };
  /** The artist contract. */
  artist: string;
  keyServer: KeyServerClient;
  /** The key jobs were wrapped under before the wallet's (the app's old sessions), if any. */
  legacyWrappingKey?: Uint8Array;
  /** The network's saved pinning token, sent to its seeds. */
  pinningToken?: string;
  onProgress?: (progress: PublishProgress) => void;
}

export interface ArtistPublisher {
  publisher: Publisher;
  /** The publisher's own seed list: a token saved later reaches the next request. */
  seeds: PinningEndpoint[];
}

export function openArtistPublisher(input: ArtistPublisherInput): ArtistPublisher {
  const { store, network, artist, wallet } = input;
  const wrappingKey = wrappingKeyFromWallet(wallet);
  if (input.legacyWrappingKey) {
    rewrapJobKeys(store, network.chainId, artist, input.legacyWrappingKey, wrappingKey);
  }
  const seeds = seedPinningEndpoints(network.seeds, input.pinningToken);
  const signer: BaseWallet = wallet.connect(input.provider);
  const publisher = new Publisher({
    store,
    contentStore: input.contentStore,
    provider: input.provider,
    wallet: signer,
    chainId: network.chainId,
    artist,
    keyServer: input.keyServer,
    wrappingKey,
    seeds,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  return { publisher, seeds };
}

/**
 * What publishing needs before a publisher opens, checked here once for the app and `busker
 * publish`: the wallet's artist contract and a key server on the network.
 */
export function requirePublishing<Artist, KeyServer>(
  artist: Artist | null,
  keyServer: KeyServer | null,
): { artist: Artist; keyServer: KeyServer } {
  if (!artist)
    throw new AppError('NOT_AN_ARTIST', 'Become an artist first: your artist contract is made once.');
  if (!keyServer) {
    throw new AppError(
      'UNAVAILABLE',
      'This network names no key server, so listeners could never get your keys. Choose a network with one.',
    );
  }
  return { artist, keyServer };
}

export interface RefusedFile {
  path: string;
  error: PublishError;
}

/** Queues each file; a refused file (not audio, published already…) is listed, not thrown. */
export async function enqueueFiles(
  publisher: Publisher,
  paths: readonly string[],
  price: bigint,
  again: boolean,
  onQueued: (job: PublishJob) => void = () => undefined,
): Promise<{ jobs: PublishJob[]; refused: RefusedFile[] }> {
  const jobs: PublishJob[] = [];
  const refused: RefusedFile[] = [];
  for (const path of paths) {
    try {
      const job = await publisher.enqueue({ path, price, again });
      jobs.push(job);
      onQueued(job);
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      refused.push({ path, error });
    }
  }
  return { jobs, refused };
}
