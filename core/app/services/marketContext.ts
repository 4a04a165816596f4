/**
 * What every market service shares, owned once per backend: the wallet, the saved settings, the
 * runtime for the current network (opened on first use, rebuilt when the network or the wallet
 * changes), the publish job database, and whether the backend is closing.
 */
import type { AppEvent } from '../../api/appBackend';
import { defaultNetworkFilePath } from '../../../protocol/networkFile';
import { AppError } from '../../errors';
import type { LibraryDatabase } from '../../library/database';
import { findArtistContract } from '../../publish/becomeArtist';
import type { PublishDatabase } from '../../publish/publishDatabase';
import { openPublishDatabase, publishDatabasePath } from '../../publish/publishDatabase';
import { PublishJobStore } from '../../publish/publishJobStore';
import type { LazyContentStore } from '../lazyContentStore';
import type { MarketOptions } from '../marketOptions';
import type { MarketRuntime, ResolvedNetwork } from '../marketRuntime';
import { openMarketRuntime, resolveNetwork } from '../marketRuntime';
import type { MarketSettings } from '../marketSettings';
import { readMarketSettings, writeMarketSettings } from '../marketSettings';
import { MarketWallet } from '../marketWallet';
import { chainError, describeProblem, withTimeout } from './marketErrors';

export interface MarketContextDeps {
  dataDir: string;
  /** The backend's library database, shared with the market (one handle per process). */
  libraryDb: LibraryDatabase;
  options: MarketOptions;
  content: LazyContentStore;
  emit(event: AppEvent): void;
  /** The stream handler's vault key, once the wallet is unlocked. */
  onVaultKey(key: Buffer): void;
  /** The library's rows changed (catalogue tracks added or updated). */
  libraryChanged(): void;
  /** Each catalogue track the metadata sync lists, as it is listed. */
  onTrackListed(): void;
}

export type ArtistAccount = { address: string; name: string };

export interface MarketContext extends Omit<MarketContextDeps, 'onTrackListed'> {
  wallet: MarketWallet;
  closed(): boolean;
  settings(): Promise<MarketSettings>;
  saveSettings(change: Partial<MarketSettings>): Promise<MarketSettings>;
  currentNetwork(): Promise<ResolvedNetwork>;
  getRuntime(): Promise<MarketRuntime>;
  /** The runtime opened or opening, without opening one (null: none). */
  runtimeOpening(): Promise<MarketRuntime> | null;
  resetRuntime(): Promise<void>;
  /** The wallet's artist contract on the runtime's network, looked up once (null: none). */
  findArtist(rt: MarketRuntime): Promise<ArtistAccount | null>;
  /** The publish job database of this data folder, opened once. */
  publishJobs(): PublishJobStore;
  /** Runs in the background; a failure is reported in words, not thrown. */
  inBackground(work: Promise<unknown>): void;
  onProblem(message: string): void;
  /** From now on `getRuntime` refuses and background failures are not reported. */
  markClosed(): void;
  /** Closes the runtime and the publish job database. */
  release(): Promise<void>;
}

export function createMarketContext(deps: MarketContextDeps): MarketContext {
  const { dataDir, options } = deps;
  const networkFile = options.networkFile ?? defaultNetworkFilePath(dataDir);
  const onProblem = options.onProblem ?? ((message: string) => console.warn(`busker: ${message}`));
  const wallet = new MarketWallet(dataDir, options);
  let settings: Promise<MarketSettings> = readMarketSettings(dataDir, onProblem);
  let runtime: Promise<MarketRuntime> | null = null;
  let publishDb: PublishDatabase | null = null;
  let closed = false;

  const context: MarketContext = {
    dataDir,
    libraryDb: deps.libraryDb,
    options,
    content: deps.content,
    emit: deps.emit,
    onVaultKey: deps.onVaultKey,
    libraryChanged: deps.libraryChanged,
    wallet,
    onProblem,
    closed: () => closed,
    settings: () => settings,
    async saveSettings(change) {
      const next = { ...(await settings), ...change };
      await writeMarketSettings(dataDir, next);
      settings = Promise.resolve(next);
      return next;
    },
    async currentNetwork() {
      return resolveNetwork(await settings, networkFile);
    },
    getRuntime() {
      if (closed) return Promise.reject(new AppError('UNAVAILABLE', 'Busker is closing.'));
      runtime ??= (async () =>
        openMarketRuntime({
          dataDir,
          libraryDb: deps.libraryDb,
          network: await context.currentNetwork(),
          content: deps.content,
          unlocked: wallet.unlocked,
          ...(options.unlockRetry ? { unlockRetry: options.unlockRetry } : {}),
          onTrackListed: deps.onTrackListed,
        }))();
      const opening = runtime;
      opening.catch(() => {
        if (runtime === opening) runtime = null;
      });
      return opening;
    },
    runtimeOpening: () => runtime,
    async resetRuntime() {
      const old = runtime;
      runtime = null;
      const opened = await old?.catch(() => null);
      await opened?.metadataSync.stop();
      opened?.close();
    },
    async findArtist(rt) {
      if (rt.artist !== undefined) return rt.artist;
      const owner = await wallet.address();
      if (owner === null) return null;
      const found = await withTimeout(
        findArtistContract(rt.session.provider, rt.network.factory, owner, rt.network.factoryBlock),
      ).catch((error: unknown) => {
        throw chainError(error);
      });
      rt.artist = found ? { address: found.artist, name: found.name } : null;
      return rt.artist;
    },
    publishJobs() {
      publishDb ??= openPublishDatabase(publishDatabasePath(dataDir));
      return new PublishJobStore(publishDb);
    },
    inBackground(work) {
      work.catch((error: unknown) => {
        if (!closed) onProblem(describeProblem(error));
      });
    },
    markClosed() {
      closed = true;
    },
    async release() {
      await context.resetRuntime();
      publishDb?.close();
      publishDb = null;
    },
  };
  return context;
}
