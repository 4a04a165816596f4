/**
 * What the market needs per network and wallet: the listener session (chain store, catalogue
 * sync, vault, unlock jobs), the metadata sync over the app's content store and, for an artist,
 * the publisher. Rebuilt when the network changes or the wallet is unlocked.
 */
import type { BaseWallet } from 'ethers';
import { NetworkFileError, readNetworkFile } from '../../protocol/networkFile';
import type { NetworkFile } from '../../protocol/networkFile';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import { AppError } from '../errors';
import type { LibraryDatabase } from '../library/database';
import { CatalogueMetadataSync } from '../listen/catalogueMetadataSync';
import type { ListenerSession } from '../listen/listenerSession';
import { openListenerSession } from '../listen/listenerSession';
import type { RetryPolicy, UnlockJobs } from '../listen/unlockJob';
import type { ContentStore } from '../storage/contentStore';
import type { MarketSettings } from './marketSettings';
import { readMarketSettings } from './marketSettings';
import type { SessionKeys } from './sessionKeys';

export interface ResolvedNetwork extends NetworkFile {
  source: 'local' | 'custom';
  /** A joined network's name and seeds count (PROTOCOL §6). */
  joined?: { name: string; seeds: number };
}

export interface MarketRuntime {
  network: ResolvedNetwork;
  session: ListenerSession;
  metadataSync: CatalogueMetadataSync;
  /** The wallet's artist contract, once looked up (null: looked up, none). */
  artist: { address: string; name: string } | null | undefined;
  close(): void;
}

/** What the app says while there is no network: never a file path or a command to type. */
export const NOT_CONNECTED_MESSAGE = 'Not connected — join a network in Settings.';

/**
 * The custom network from the settings, else the devnet's network file. With neither, a
 * NO_NETWORK AppError whose cause is the NetworkFileError (the CLI prints that one).
 */
export async function resolveNetwork(
  settings: MarketSettings,
  networkFile: string,
): Promise<ResolvedNetwork> {
  if (settings.network) {
    const { rpcUrl, chainId, factory, keyServerUrl, description } = settings.network;
    return {
      source: 'custom',
      rpcUrl,
      chainId,
      factory,
      keyServer: keyServerUrl,
      // A joined network says where its factory was deployed: catalogue sync starts there.
      ...(description
        ? {
            factoryBlock: description.chain.factoryBlock,
            seeds: description.seeds,
            publicIpfs: description.publicIpfs,
            joined: { name: description.name, seeds: description.seeds.length },
          }
        : {}),
    };
  }
  try {
    return { source: 'local', ...(await readNetworkFile(networkFile)) };
  } catch (error) {
    if (error instanceof NetworkFileError && error.code === 'NETWORK_FILE_MISSING') {
      throw new AppError('NO_NETWORK', NOT_CONNECTED_MESSAGE, { cause: error });
    }
    if (error instanceof NetworkFileError) throw new AppError('UNAVAILABLE', error.message);
    throw error;
  }
}

/**
 * The network a data folder is set to, as the commands and the app read it: the custom network its
 * settings save, else the local network file (`networkFile`, by default the one in the folder).
 * `onProblem` hears of a damaged settings file, which is then read as the defaults.
 */
export async function resolveSavedNetwork(
  dataDir: string,
  options: { networkFile?: string; onProblem?: (message: string) => void } = {},
): Promise<ResolvedNetwork> {
  const settings = await readMarketSettings(dataDir, options.onProblem);
  return resolveNetwork(settings, options.networkFile ?? defaultNetworkFilePath(dataDir));
}

/** The session's unlock jobs, or why there are none (given a wallet and a vault): no key server. */
export function requireUnlockJobs(session: Pick<ListenerSession, 'unlockJobs'>): UnlockJobs {
  if (!session.unlockJobs) {
    throw new AppError('UNAVAILABLE', 'This network names no key server, so no track can be unlocked.');
  }
  return session.unlockJobs;
}

export async function openMarketRuntime(options: {
  dataDir: string;
  /** The backend's library database: one handle per process. */
  libraryDb: LibraryDatabase;
  network: ResolvedNetwork;
  content: ContentStore;
  unlocked: { wallet: BaseWallet; keys: SessionKeys } | null;
  unlockRetry?: RetryPolicy;
  /** Each catalogue track listed by the metadata sync, as it is listed. */
  onTrackListed?: () => void;
}): Promise<MarketRuntime> {
  const { network } = options;
  const session = await openListenerSession({
    dataDir: options.dataDir,
    libraryDb: options.libraryDb,
    network,
    ...(options.unlocked
      ? { vaultKey: options.unlocked.keys.vaultKey, wallet: options.unlocked.wallet }
      : {}),
    ...(options.unlockRetry ? { retry: options.unlockRetry } : {}),
  });
  const metadataSync = openMetadataSync(session, options.content, {
    chainId: network.chainId,
    ...(options.onTrackListed ? { onListed: options.onTrackListed } : {}),
  });
  return { network, session, metadataSync, artist: undefined, close: () => session.close() };
}

/**
 * The one way the catalogue's metadata sync is put together on a listener session, for the app's
 * runtime and `busker catalogue`: both keep their fetch records in the same library, so they
 * share one retry policy.
 */
export function openMetadataSync(
  session: ListenerSession,
  content: ContentStore,
  options: { chainId: number; timeoutMs?: number; onListed?: () => void },
): CatalogueMetadataSync {
  return new CatalogueMetadataSync({
    db: session.libraryDb,
    catalogue: session.catalogueStore,
    tracks: session.catalogueTracks,
    repo: session.trackRepo,
    content,
    unlocked: session.unlocked,
    // The artist's peer may not be reached yet: try again soon rather than in a minute.
    retry: { firstDelayMs: 2_000, maxDelayMs: 5 * 60_000 },
    ...options,
  });
}
