/**
 * The paying half of the app API (MarketApi): wallet, network, artist and listener, composed from
 * core/wallet, core/publish and core/listen over the app's content store. Background work (the
 * catalogue sync loop, resuming publish and unlock jobs) reports progress as events.
 */
import { seedPinningEndpoints } from '../storage/pinningServiceClient';
import type { PinningEndpoint } from '../storage/pinningServiceClient';
import { hasPinningToken, pinningNetworkKey, readPinningToken, savePinningToken } from './pinningTokens';
import { getAddress, parseEther } from 'ethers';
import type {
  CatalogueTrackState,
  MarketApi,
  NetworkSettings,
  PublishJobSummary,
  WalletState,
} from '../api/marketApi';
import type { AppEvent } from '../api/appBackend';
import { artistInterface, connectArtist, parseArtistError } from '../../protocol/contracts';
import { networkHealthCheck } from './networkHealth';
import { createPeerDials } from './peerDials';
import { defaultNetworkFilePath } from '../../protocol/networkFile';
import { AppError } from '../errors';
import { cataloguePath } from '../library/catalogueTracks';
import type { LibraryDatabase } from '../library/database';
import type { UnlockProgress as JobProgress } from '../listen/unlockJob';
import { wrappingKeyFromWallet } from '../publish/artistSession';
import { becomeArtist, findArtistContract } from '../publish/becomeArtist';
import { rewrapJobKeys } from '../publish/contentKeyWrap';
import type { PublishDatabase } from '../publish/publishDatabase';
import { openPublishDatabase, publishDatabasePath } from '../publish/publishDatabase';
import { PublishError } from '../publish/publishError';
import { PublishJobStore } from '../publish/publishJobStore';
import { Publisher } from '../publish/publisher';
import type { OnChainTrack } from '../unlock/onChainTrack';
import { developmentAccounts } from '../wallet/developmentAccounts';
import { startBackgroundLoop } from './backgroundSync';
import type { LazyContentStore } from './lazyContentStore';
import type { MarketOptions } from './marketOptions';
import type { MarketRuntime } from './marketRuntime';
import { openMarketRuntime, resolveNetwork } from './marketRuntime';
import type { MarketSettings } from './marketSettings';
import { readMarketSettings, writeMarketSettings } from './marketSettings';
import { summarizePublishJob, summarizeUnlock } from './marketSummaries';
import { MarketWallet } from './marketWallet';
import { joinedNetworkSetting, joinNetwork } from './joinNetwork';
import type { CustomNetwork } from './marketSettings';
import { validateCustomNetwork } from './networkValidation';
import { NotListedTracks } from './notListedTracks';
import { quoteTip } from './tipQuote';
import { explainPlayback } from './playbackProblem';

const CHAIN_TIMEOUT_MS = 4_000;

export interface MarketBackendDeps {
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
}

export interface MarketBackend {
  api: MarketApi;
  close(): Promise<void>;
}

function timeout<T>(work: Promise<T>, ms = CHAIN_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the network did not answer in time')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof AppError || error instanceof PublishError) return error.message;
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `The network cannot be reached (${reason}). Busker keeps trying.`;
}

/** Anything thrown while talking to the chain, as an AppError for the API's caller. */
function chainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof PublishError) {
    return new AppError(error.code === 'NOT_ARTIST' ? 'NOT_AN_ARTIST' : 'BAD_REQUEST', error.message);
  }
  const reverted = parseArtistError(error);
  if (reverted?.name === 'NothingToWithdraw') {
    return new AppError('BAD_REQUEST', 'There is nothing to withdraw yet.');
  }
  if ((error as { code?: unknown }).code === 'INSUFFICIENT_FUNDS') {
    return new AppError('BAD_REQUEST', 'The wallet has too little ether to pay for this transaction.');
  }
  return new AppError('NETWORK_UNREACHABLE', describe(error));
}

export function createMarketBackend(deps: MarketBackendDeps): MarketBackend {
  const { dataDir, options, content, emit } = deps;
  const networkFile = options.networkFile ?? defaultNetworkFilePath(dataDir);
  const onProblem = options.onProblem ?? ((message: string) => console.warn(`busker: ${message}`));
  const wallet = new MarketWallet(dataDir, options);
  let settings: Promise<MarketSettings> = readMarketSettings(dataDir, onProblem);
  let runtime: Promise<MarketRuntime> | null = null;
  let publishDb: PublishDatabase | null = null;
  // `seeds` is the publisher's own list: a pinning token saved later reaches its next request.
  let publisher: { runtime: MarketRuntime; publisher: Publisher; seeds: PinningEndpoint[] } | null = null;
  const publishRetry: { timer: NodeJS.Timeout | null; delayMs: number } = { timer: null, delayMs: 0 };
  let closed = false;
  const peerDials = createPeerDials(onProblem);
  const notListed = new NotListedTracks();

  // Tracks listed during a pass show at once (at most twice a second), not when the slowest
  // metadata fetch of the pass gives up.
  let listedTimer: NodeJS.Timeout | null = null;
  function announceListed(): void {
    listedTimer ??= setTimeout(() => {
      listedTimer = null;
      if (closed || !runtime) return;
      void runtime.then(
        (rt) =>
          emit({
            name: 'onDidChangeCatalogue',
            payload: { tracks: rt.session.catalogueStore.countTracks() },
          }),
        () => undefined,
      );
      deps.libraryChanged();
    }, 500);
  }

  function getRuntime(): Promise<MarketRuntime> {
    if (closed) return Promise.reject(new AppError('UNAVAILABLE', 'Busker is closing.'));
    runtime ??= (async () => {
      const network = await resolveNetwork(await settings, networkFile);
      return openMarketRuntime({
        dataDir,
        libraryDb: deps.libraryDb,
        network,
        content,
        unlocked: wallet.unlocked,
        ...(options.unlockRetry ? { unlockRetry: options.unlockRetry } : {}),
        onTrackListed: announceListed,
      });
    })();
    const opening = runtime;
    opening.catch(() => {
      if (runtime === opening) runtime = null;
    });
    return opening;
  }

  async function resetRuntime(): Promise<void> {
    const old = runtime;
    runtime = null;
    publisher = null;
    const opened = await old?.catch(() => null);
    await opened?.metadataSync.stop();
    opened?.close();
  }

  function store(): PublishJobStore {
    publishDb ??= openPublishDatabase(publishDatabasePath(dataDir));
    return new PublishJobStore(publishDb);
  }

  /** Runs in the background; a failure is reported in words, not thrown. */
  function inBackground(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      if (!closed) onProblem(describe(error));
    });
  }

  async function findArtist(rt: MarketRuntime): Promise<{ address: string; name: string } | null> {
    if (rt.artist !== undefined) return rt.artist;
    const owner = await wallet.address();
    if (owner === null) return null;
    const found = await timeout(
      findArtistContract(rt.session.provider, rt.network.factory, owner, rt.network.factoryBlock),
    ).catch((error: unknown) => {
      throw chainError(error);
    });
    rt.artist = found ? { address: found.artist, name: found.name } : null;
    return rt.artist;
  }

  async function getPublisher(): Promise<Publisher> {
    const unlocked = await wallet.require();
    const rt = await getRuntime();
    if (publisher?.runtime === rt) return publisher.publisher;
    const seeds = seedPinningEndpoints(
      rt.network.seeds,
      await readPinningToken(dataDir, unlocked.keys.vaultKey, pinningNetworkKey(rt.network)),
    );
    const artist = await findArtist(rt);
    // Made by another caller meanwhile: one publisher per runtime, so jobs run one at a time.
    if (publisher?.runtime === rt) return publisher.publisher;
    if (!artist)
      throw new AppError('NOT_AN_ARTIST', 'Become an artist first: your artist contract is made once.');
    const keyServer = rt.session.keyServer;
    if (!keyServer) {
      throw new AppError(
        'UNAVAILABLE',
        'This network names no key server, so listeners could never get your keys. Choose a network with one.',
      );
    }
    const wrappingKey = wrappingKeyFromWallet(unlocked.wallet);
    rewrapJobKeys(
      store(),
      rt.network.chainId,
      artist.address,
      unlocked.keys.legacyPublishWrappingKey,
      wrappingKey,
    );
    const created = new Publisher({
      store: store(),
      contentStore: content,
      provider: rt.session.provider,
      wallet: unlocked.wallet.connect(rt.session.provider),
      chainId: rt.network.chainId,
      artist: artist.address,
      keyServer,
      wrappingKey,
      seeds,
      onProgress: (progress) => {
        if (closed) return;
        const job = store().require(progress.jobId);
        emit({ name: 'onDidPublishProgress', payload: summarizePublishJob(job, progress) });
      },
    });
    publisher = { runtime: rt, publisher: created, seeds };
    return created;
  }

  function libraryId(rt: MarketRuntime, track: OnChainTrack): number | null {
    const id = rt.session.libraryDb
      .prepare<[string], number>('SELECT id FROM tracks WHERE path = ?')
      .pluck()
      .get(cataloguePath(track));
    return id ?? null;
  }

  function emitUnlock(id: number | null, progress: JobProgress): void {
    if (id === null || closed) return;
    const needed = progress.confirmations?.needed ?? 0;
    emit({ name: 'onDidUnlockProgress', payload: summarizeUnlock(id, progress, needed) });
  }

  /**
   * After a publish run: a job it left waiting on a passing trouble (the key server or the chain
   * not answering) is tried again, with backoff, for as long as the app runs.
   */
  function retryWaitingJobs(jobs: readonly { state: string }[]): void {
    if (jobs.every((job) => job.state === 'done' || job.state === 'failed')) {
      publishRetry.delayMs = 0;
      return;
    }
    if (closed || publishRetry.timer) return;
    const policy = options.unlockRetry ?? { firstDelayMs: 1_000, maxDelayMs: 30_000 };
    publishRetry.delayMs = Math.min(policy.maxDelayMs, publishRetry.delayMs * 2 || policy.firstDelayMs);
    publishRetry.timer = setTimeout(() => {
      publishRetry.timer = null;
      if (!closed && wallet.unlocked) inBackground(resumePublishing());
    }, publishRetry.delayMs);
  }

  /** Continues this network's unfinished publish jobs, when the wallet is an artist's here. */
  async function resumePublishing(): Promise<void> {
    const rt = await getRuntime();
    const artist = await findArtist(rt).catch(() => null);
    if (!artist || !rt.session.keyServer) return;
    retryWaitingJobs(await (await getPublisher()).resume());
  }

  /** After unlocking: finish what an earlier run left (tips waiting for keys, publish jobs). */
  async function resumeJobs(): Promise<void> {
    const rt = await getRuntime();
    const jobs = rt.session.unlockJobs;
    if (jobs) {
      inBackground(
        jobs.resume({ onProgress: (progress) => emitUnlock(libraryId(rt, progress.track), progress) }),
      );
    }
    await resumePublishing();
  }

  async function unlockWith(secret: string): Promise<void> {
    const unlocked = await wallet.unlock(secret);
    deps.onVaultKey(unlocked.keys.vaultKey);
    await resetRuntime();
    inBackground(resumeJobs());
    inBackground(walletState().then((payload) => emit({ name: 'onDidChangeWallet', payload })));
  }

  async function currentNetwork() {
    return resolveNetwork(await settings, networkFile);
  }

  async function walletState(): Promise<WalletState> {
    const address = await wallet.address();
    const status: WalletState['status'] = address === null ? 'none' : wallet.unlocked ? 'unlocked' : 'locked';
    let network: WalletState['network'];
    let balanceWei: string | null = null;
    let offered: WalletState['developmentAccounts'] = [];
    try {
      const rt = await getRuntime();
      const { chainId, source } = rt.network;
      const name = rt.network.joined?.name ?? (source === 'local' ? 'Local network' : `Chain ${chainId}`);
      if (source === 'local')
        offered = developmentAccounts(chainId).map(({ index, address: account }) => ({
          index,
          address: account,
        }));
      try {
        await timeout(rt.session.provider.getBlockNumber());
        if (address !== null)
          balanceWei = (await timeout(rt.session.provider.getBalance(address))).toString();
        network = { chainId, name, reachable: true, message: null };
      } catch {
        network = {
          chainId,
          name,
          reachable: false,
          message: `The network at ${rt.network.rpcUrl} does not answer. Busker keeps trying.`,
        };
      }
    } catch (error) {
      network =
        error instanceof AppError && error.code === 'NO_NETWORK'
          ? null
          : { chainId: 0, name: 'No network', reachable: false, message: describe(error) };
    }
    return { status, address, balanceWei, network, developmentAccounts: offered };
  }

  async function artistState() {
    const rt = await getRuntime();
    const artist = await findArtist(rt);
    if (!artist) return { contract: null, name: null, balanceWei: null };
    const balance = await timeout(rt.session.provider.getBalance(artist.address)).catch((error: unknown) => {
      throw chainError(error);
    });
    return { contract: artist.address, name: artist.name, balanceWei: balance.toString() };
  }

  async function catalogueState(rt: MarketRuntime, id: number): Promise<CatalogueTrackState | null> {
    const media = rt.session.catalogueTracks.media(id);
    if (!media || media.chainId !== rt.network.chainId) return null;
    const track = rt.session.catalogueStore.getTrack(getAddress(media.artist), media.trackId);
    if (!track) return null;
    return {
      id,
      artistContract: getAddress(media.artist),
      chainTrackId: media.trackId,
      priceWei: track.price.toString(),
      // With the vault key, a key copied from another computer (it does not open) is not unlocked.
      unlocked: (rt.session.vault ?? rt.session.unlocked).has(media),
      offline: await content.isPinned(media.audioCid).catch(() => false),
      retired: track.retired,
    };
  }

  async function cacheState() {
    return { usedBytes: await content.cacheSize(), limitBytes: (await settings).cacheLimitBytes };
  }

  /** Which catalogue a runtime reads: the same chain and factory is the same catalogue. */
  function catalogueOf(rt: MarketRuntime): string {
    return `${rt.network.chainId}:${rt.network.factory.toLowerCase()}`;
  }

  async function syncPass(): Promise<void> {
    const rt = await getRuntime();
    await peerDials.dial(content, options.peers ?? [], rt.network.seeds ?? []);
    const chain = await rt.session.catalogueSync.sync();
    const metadata = await rt.metadataSync.sync();
    if (closed) return;
    const skipsChanged = notListed.replace(
      catalogueOf(rt),
      metadata.skipped,
      rt.session.catalogueStore.listArtists(),
    );
    if (
      chain.tracksAdded > 0 ||
      chain.changesApplied > 0 ||
      chain.rolledBackTo !== undefined ||
      metadata.saved > 0 ||
      skipsChanged
    ) {
      emit({ name: 'onDidChangeCatalogue', payload: { tracks: rt.session.catalogueStore.countTracks() } });
      if (metadata.saved > 0) deps.libraryChanged();
    }
  }

  // The store keeps to the saved limit by itself from now on. A store that did not start is
  // reported where it is used.
  content.ready.then(
    (store) => inBackground(settings.then((saved) => store.setCacheLimit(saved.cacheLimitBytes))),
    () => undefined,
  );

  const loop = startBackgroundLoop(syncPass, {
    intervalMs: options.syncIntervalMs ?? 5_000,
    onProblem,
    describe,
  });
  if (options.syncIntervalMs !== 0) loop.runNow().catch(() => undefined);
  if (options.hostSecret) {
    // The host holds the secret: unlock an existing wallet without asking anyone.
    inBackground(
      wallet.store.exists().then(async (exists) => {
        if (exists && options.hostSecret) await unlockWith(await options.hostSecret());
      }),
    );
  }

  /** Saves the network to use (null: the local one) and starts over on it. */
  async function useNetwork(network: CustomNetwork | null): Promise<NetworkSettings> {
    const next = { ...(await settings), network };
    await writeMarketSettings(dataDir, next);
    settings = Promise.resolve(next);
    await resetRuntime();
    if (wallet.unlocked) inBackground(resumeJobs());
    inBackground(loop.runNow());
    inBackground(walletState().then((payload) => emit({ name: 'onDidChangeWallet', payload })));
    return api.networkSettings();
  }

  const api: MarketApi = {
    async networkSettings(): Promise<NetworkSettings> {
      let network: Awaited<ReturnType<typeof currentNetwork>>;
      try {
        network = await currentNetwork();
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'NO_NETWORK')) throw error;
        return {
          source: 'none',
          name: null,
          seeds: 0,
          rpcUrl: '',
          chainId: 0,
          factory: '',
          keyServerUrl: '',
        };
      }
      return {
        source: network.source,
        name: network.joined?.name ?? null,
        seeds: network.joined?.seeds ?? 0,
        rpcUrl: network.rpcUrl,
        chainId: network.chainId,
        factory: network.factory,
        keyServerUrl: network.keyServer ?? '',
        hasPinningToken: await hasPinningToken(dataDir, pinningNetworkKey(network)),
      };
    },
    async setPinningToken(token) {
      const unlocked = await wallet.require();
      const rt = await getRuntime();
      await savePinningToken(dataDir, unlocked.keys.vaultKey, pinningNetworkKey(rt.network), token);
      if (publisher?.runtime === rt) for (const seed of publisher.seeds) seed.token = token ?? undefined;
      // A job waiting for a seed that wanted a token tries again now.
      inBackground(resumePublishing());
      return api.networkSettings();
    },
    async setNetwork(input) {
      return useNetwork(input === null ? null : await validateCustomNetwork(input));
    },
    async joinNetwork(address) {
      return useNetwork(joinedNetworkSetting(await joinNetwork(address)));
    },
    walletState,
    networkHealth: networkHealthCheck(currentNetwork),
    async setUpWallet(setup) {
      let secret: string;
      try {
        secret = await wallet.secretFor(setup.passphrase);
      } catch (error) {
        // A data folder moved from another computer: importing the wallet replaces the one that
        // cannot be opened here (marketWallet.ts).
        await unlockWith(await wallet.importReplacingUnreadable(setup, error));
        return { address: (await wallet.address()) ?? '', mnemonic: null };
      }
      if (await wallet.store.exists()) {
        throw new AppError('WALLET_EXISTS', 'This computer already has a wallet; unlock it instead.');
      }
      const chainId =
        setup.kind === 'developmentAccount'
          ? await currentNetwork().then(
              (network) => (network.source === 'local' ? network.chainId : null),
              () => null,
            )
          : null;
      const mnemonic = await wallet.setUp(setup, secret, chainId);
      await unlockWith(secret);
      return { address: (await wallet.address()) ?? '', mnemonic };
    },
    async unlockWallet(passphrase) {
      await unlockWith(await wallet.secretFor(passphrase));
      return walletState();
    },
    artistState,
    async becomeArtist(name) {
      const unlocked = await wallet.require();
      const rt = await getRuntime();
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
    async publishFiles(paths, priceEth, again = false) {
      const price = parseEther(priceEth);
      const active = await getPublisher();
      const jobs: PublishJobSummary[] = [];
      const refused: { fileName: string; reason: string }[] = [];
      for (const path of paths) {
        try {
          const job = await active.enqueue({ path, price, again });
          jobs.push(summarizePublishJob(job));
          inBackground(active.run(job.id).then((ran) => retryWaitingJobs([ran])));
        } catch (error) {
          if (!(error instanceof PublishError)) throw error;
          const fileName = path.split(/[\\/]/).at(-1) ?? path;
          const secondCopy = error.code === 'ALREADY_PUBLISHED' ? { secondCopyPath: path } : {};
          refused.push({ fileName, reason: error.message, ...secondCopy });
        }
      }
      return { jobs, refused };
    },
    async listPublishJobs() {
      if (!wallet.unlocked) return [];
      // Not connected is a state, not an error: with no network there are no jobs on it.
      const rt = await getRuntime().catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NO_NETWORK') return null;
        throw error;
      });
      if (!rt) return [];
      const artist = await findArtist(rt);
      if (!artist) return [];
      return store()
        .list(rt.network.chainId, artist.address)
        .map((job) => summarizePublishJob(job));
    },
    async earnings() {
      const rt = await getRuntime();
      const artist = await findArtist(rt);
      if (!artist) throw new AppError('NOT_AN_ARTIST', 'Become an artist first to see your earnings.');
      try {
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
        for (const job of store().list(rt.network.chainId, artist.address)) {
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
      } catch (error) {
        throw chainError(error);
      }
    },
    async withdraw(to) {
      const unlocked = await wallet.require();
      const rt = await getRuntime();
      const artist = await findArtist(rt);
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
    async syncCatalogue() {
      await loop.runNow().catch((error: unknown) => {
        throw chainError(error);
      });
    },
    async catalogueStates(ids) {
      const rt = await getRuntime().catch(() => null);
      if (!rt) return [];
      const states: CatalogueTrackState[] = [];
      for (const id of ids) {
        const state = await catalogueState(rt, id);
        if (state) states.push(state);
      }
      return states;
    },
    async notListedTracks() {
      const rt = await getRuntime().catch(() => null);
      return rt ? notListed.list(catalogueOf(rt)) : [];
    },
    async tipQuote(id) {
      await wallet.require();
      return quoteTip(await getRuntime(), id);
    },
    async unlockTrack(id) {
      await wallet.require();
      const rt = await getRuntime();
      const media = rt.session.catalogueTracks.media(id);
      if (!media) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
      const jobs = rt.session.unlockJobs;
      if (!jobs) {
        throw new AppError('UNAVAILABLE', 'This network names no key server, so no track can be unlocked.');
      }
      let last = summarizeUnlock(id, { state: 'tipping', track: media, tipHash: null }, 0);
      let needed = 0;
      try {
        const job = await jobs.unlock(media, {
          onProgress: (progress) => {
            needed = progress.confirmations?.needed ?? needed;
            last = summarizeUnlock(id, progress, needed);
            if (!closed) emit({ name: 'onDidUnlockProgress', payload: last });
          },
        });
        const final = summarizeUnlock(
          id,
          {
            state: job.state,
            track: media,
            tipHash: job.tipHash,
            ...(job.failureReason ? { failureReason: job.failureReason } : {}),
          },
          needed,
        );
        if (job.state === 'ready')
          emit({
            name: 'onDidChangeCatalogue',
            payload: { tracks: rt.session.catalogueStore.countTracks() },
          });
        if (final.step === last.step) return last;
        if (!closed) emit({ name: 'onDidUnlockProgress', payload: final });
        return final;
      } catch (error) {
        throw error instanceof AppError ? error : new AppError('UNAVAILABLE', describe(error));
      }
    },
    async playbackProblem(id) {
      const rt = await getRuntime().catch(() => null);
      return explainPlayback({ rt, walletUnlocked: wallet.unlocked !== null, content, id });
    },
    async setAvailableOffline(id, offline) {
      const rt = await getRuntime();
      const media = rt.session.catalogueTracks.media(id);
      if (!media) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
      try {
        if (offline) await content.pin(media.audioCid, { signal: AbortSignal.timeout(10 * 60_000) });
        else await content.unpin(media.audioCid);
      } catch (error) {
        throw new AppError(
          'UNAVAILABLE',
          offline
            ? `The track could not be fetched to keep it offline (${describe(error)}). Try again when its peers are online.`
            : 'The track could not be released from the offline store. Try again.',
        );
      }
      const state = await catalogueState(rt, id);
      if (!state) throw new AppError('NOT_FOUND', 'This track is not in the catalogue.');
      return state;
    },
    cacheState,
    async setCacheLimit(bytes) {
      const next = { ...(await settings), cacheLimitBytes: bytes };
      await writeMarketSettings(dataDir, next);
      settings = Promise.resolve(next);
      await content.setCacheLimit(bytes);
      return cacheState();
    },
  };

  return {
    api,
    async close() {
      closed = true;
      if (listedTimer) clearTimeout(listedTimer);
      if (publishRetry.timer) clearTimeout(publishRetry.timer);
      // A metadata fetch nobody answers would otherwise hold the pass, and so closing, for 15 s.
      await (await runtime?.catch(() => null))?.metadataSync.stop();
      await loop.stop();
      await resetRuntime();
      publishDb?.close();
      publishDb = null;
    },
  };
}
