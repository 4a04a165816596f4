/**
 * The listener's side composed in one place, for the CLI, the headless host and tests: the
 * library and chain databases in the data folder, the chain provider, the key vault, the synced
 * catalogue and (given a wallet and a key server) the unlock jobs.
 */
import { join } from 'node:path';
import type { BaseWallet, JsonRpcProvider } from 'ethers';
import { Wallet } from 'ethers';
import type { ChainDatabase } from '../chain/chainDatabase';
import { openChainDatabase } from '../chain/chainDatabase';
import { CatalogueStore } from '../chain/catalogueStore';
import { CatalogueSync } from '../chain/catalogueSync';
import type { NetworkFile } from '../../protocol/networkFile';
import { createProvider } from '../../protocol/rpcProvider';
import { TipSender } from '../chain/tipSender';
import { TipStore } from '../chain/tipStore';
import { CatalogueTracks } from '../library/catalogueTracks';
import type { LibraryDatabase } from '../library/database';
import { LIBRARY_FILE_NAME, openLibraryDatabase } from '../library/database';
import { TrackRepo } from '../library/trackRepo';
import type { KeyServerClient } from '../unlock/keyServerClient';
import { networkKeyServer } from '../unlock/keyServerClient';
import { KeyVault } from '../unlock/keyVault';
import type { OnChainTrack } from '../unlock/onChainTrack';
import { normalizeOnChainTrack } from '../unlock/onChainTrack';
import type { RetryPolicy } from './unlockJob';
import { UnlockJobs } from './unlockJob';
import { UnlockJobStore } from './unlockJobStore';

/** The chain store's own file: tips must be on disk (synchronous=FULL) before they are broadcast. */
export const CHAIN_FILE_NAME = 'chain.sqlite';

export interface ListenerSessionOptions {
  dataDir: string;
  /**
   * The library database when the caller already has it open (the app's backend): the session
   * uses it and leaves it open. Without it the session opens (and closes) its own.
   */
  libraryDb?: LibraryDatabase;
  network: NetworkFile;
  /**
   * 32 bytes: wraps the vault's keys (safeStorage in the app, `vaultPassphrase.ts` headless).
   * Only needed to unlock; listing the catalogue only asks which keys the vault holds.
   */
  vaultKey?: Uint8Array;
  /**
   * The listener's wallet, or a 0x private key. Only needed to unlock.
   * TODO(wallet): the wallet store (core/wallet/walletStore.ts) should hand its unlocked
   * account here; until then the CLI reads BUSKER_PRIVATE_KEY_FILE.
   */
  wallet?: BaseWallet | string;
  /** Blocks a tip needs before the key is asked for; defaults to what the key server asks. */
  confirmations?: number;
  pollingIntervalMs?: number;
  retry?: RetryPolicy;
}

export interface ListenerSession {
  provider: JsonRpcProvider;
  libraryDb: LibraryDatabase;
  chainDb: ChainDatabase;
  /** Null without a vault key. */
  vault: KeyVault | null;
  /** Which tracks the vault holds a key for (needs no vault key). */
  unlocked: { has(track: OnChainTrack): boolean };
  catalogueStore: CatalogueStore;
  catalogueSync: CatalogueSync;
  catalogueTracks: CatalogueTracks;
  trackRepo: TrackRepo;
  keyServer: KeyServerClient | null;
  /** Present when a vault key, a wallet and a key server were given. */
  unlockJobs: UnlockJobs | null;
  tipStore: TipStore;
  close(): void;
}

export async function openListenerSession(options: ListenerSessionOptions): Promise<ListenerSession> {
  const { network } = options;
  const provider = createProvider(network.rpcUrl, {
    chainId: network.chainId,
    ...(options.pollingIntervalMs === undefined ? {} : { pollingIntervalMs: options.pollingIntervalMs }),
  });
  const ownsLibraryDb = options.libraryDb === undefined;
  const libraryDb = options.libraryDb ?? openLibraryDatabase(join(options.dataDir, LIBRARY_FILE_NAME));
  let chainDb: ChainDatabase | undefined;
  try {
    chainDb = openChainDatabase(join(options.dataDir, CHAIN_FILE_NAME));
    const vault = options.vaultKey ? new KeyVault(libraryDb, options.vaultKey) : null;
    const keyHeld = libraryDb
      .prepare<[number, string, number], number>(
        'SELECT 1 FROM vault_keys WHERE chain_id = ? AND artist = ? AND chain_track_id = ?',
      )
      .pluck();
    const unlocked = {
      has(track: OnChainTrack): boolean {
        const { chainId, artist, trackId } = normalizeOnChainTrack(track);
        return keyHeld.get(chainId, artist, trackId) !== undefined;
      },
    };
    const catalogueStore = new CatalogueStore(chainDb);
    const tipStore = new TipStore(chainDb);
    const keyServer = networkKeyServer(network);
    const wallet =
      typeof options.wallet === 'string'
        ? new Wallet(options.wallet, provider)
        : options.wallet?.connect(provider);
    let unlockJobs: UnlockJobs | null = null;
    if (vault && wallet && keyServer) {
      const confirmations =
        options.confirmations ??
        (await keyServer.info().then(
          (info) => info.confirmations,
          () => 2,
        ));
      const tipSender = new TipSender({
        provider,
        wallet,
        store: tipStore,
        chainId: network.chainId,
        confirmations,
      });
      unlockJobs = new UnlockJobs({
        store: new UnlockJobStore(libraryDb),
        vault,
        tipSender,
        tipStore,
        provider,
        keyServer,
        wallet,
        chainId: network.chainId,
        confirmations,
        ...(options.retry ? { retry: options.retry } : {}),
      });
    }
    const openedChainDb = chainDb;
    const trackRepo = new TrackRepo(libraryDb);
    return {
      provider,
      libraryDb,
      chainDb,
      vault,
      unlocked,
      catalogueStore,
      catalogueSync: new CatalogueSync({
        provider,
        store: catalogueStore,
        chainId: network.chainId,
        factory: network.factory,
        confirmations: 0,
        ...(network.factoryBlock === undefined ? {} : { startBlock: network.factoryBlock }),
      }),
      catalogueTracks: new CatalogueTracks(libraryDb, trackRepo),
      trackRepo,
      keyServer,
      unlockJobs,
      tipStore,
      close() {
        provider.destroy();
        openedChainDb.close();
        if (ownsLibraryDb) libraryDb.close();
      },
    };
  } catch (error) {
    provider.destroy();
    chainDb?.close();
    if (ownsLibraryDb) libraryDb.close();
    throw error;
  }
}
