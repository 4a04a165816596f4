/**
 * The app backend both hosts serve: the library behind the `AppApi` contract, the media the
 * stream handler reads by id, and the events pushed to the renderer.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { AppApi, ImportSummary } from '../api/appApi';
import type { AppBackend, AppEvent, AppEventListener } from '../api/appBackend';
import type { AppBackendOptions } from './backendOptions';
import type { MediaSource } from '../media/mediaSource';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import { CatalogueTracks } from '../library/catalogueTracks';
import { LIBRARY_FILE_NAME, openLibraryDatabase } from '../library/database';
import { browseFolders } from '../library/folderBrowser';
import { FolderWatcher } from '../library/folderWatcher';
import type { TreeWatchOptions } from '../library/treeWatch';
import { LibraryFolders } from '../library/libraryFolders';
import { Playlists } from '../library/playlists';
import { PlayHistory } from '../library/playHistory';
import type { ImporterSettings, LibraryImporter } from '../library/libraryImporter';
import { LibrarySearch } from '../library/librarySearch';
import { TrackQueries } from '../library/trackQueries';
import { TrackRepo } from '../library/trackRepo';
import { createEncryptedTrackReader } from '../media/encryptedTrack';
import { createMediaHandler } from '../media/mediaHandler';
import { AppError } from '../errors';
import { KeyVault } from '../unlock/keyVault';
import { currentContentNetwork, ipfsApiFromEnvironment, openAppContentStore } from './appContentStore';
import type { LazyContentStore } from './lazyContentStore';
import { lazyContentStore } from './lazyContentStore';
import type { LazyMarketBackend } from './lazyMarketBackend';
import { lazyMarketBackend } from './lazyMarketBackend';
import { networkConfigured } from './networkPresence';
import { desktopShellApi } from './desktopShell';
import { marketOff } from './marketOff';

/** The embedded IPFS node's folder in the data folder (the CLI's publish and catalogue use it too). */
export { CONTENT_DIRECTORY_NAME } from './appContentStore';

const noop = () => undefined;

/** Runs tasks one after another: imports and removals never overlap. */
function createTaskQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function queued<T>(task: () => Promise<T> | T): Promise<T> {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * How far the kernel's file times may lag `Date.now()`: they come from a coarse clock that
 * advances once per scheduler tick (at most 10 ms).
 */
const fileClockLagMs = 20;

export function openBackend(options: AppBackendOptions, importerSettings?: ImporterSettings): AppBackend {
  const openedAt = Date.now();
  // Read before anything opens, so a wrong BUSKER_IPFS_API stops the start with its reason.
  const ipfsApi =
    options.market && !options.contentStore
      ? (options.market.ipfsApi ?? ipfsApiFromEnvironment())
      : undefined;
  const db = openLibraryDatabase(join(options.dataDir, LIBRARY_FILE_NAME));
  const queries = new TrackQueries(db);
  const search = new LibrarySearch(db, queries);
  const repo = new TrackRepo(db);
  const folders = new LibraryFolders(db, repo);
  const catalogue = new CatalogueTracks(db, repo);
  const playlists = new Playlists(db);
  const history = new PlayHistory(db);
  let vault = options.vaultKey ? new KeyVault(db, options.vaultKey) : null;
  // The tag reader (music-metadata) loads with the first import: `busker search` never needs it.
  let importer: Promise<LibraryImporter> | null = null;
  const loadImporter = () =>
    (importer ??= import('../library/libraryImporter').then(
      ({ LibraryImporter }) => new LibraryImporter(repo, importerSettings),
    ));
  const queued = createTaskQueue();
  const listeners = new Set<AppEventListener>();
  let closed = false;
  const emit = (event: AppEvent) => {
    for (const listener of listeners) listener(event);
  };
  const libraryChanged = () => {
    if (!closed) emit({ name: 'onDidChangeLibrary', payload: queries.stats() });
  };

  const watcher = options.watchFolders
    ? new FolderWatcher({
        importFolder: (folder, signal, imageFolders) =>
          queued(async () => {
            // While this waited, the folder may have been removed or taken in by its parent.
            if (!closed && folders.has(folder)) await importAndRecord(folder, signal, imageFolders);
          }),
        onProblem: options.onWatchProblem ?? ((problem) => console.warn(`busker: ${problem.message}`)),
      })
    : null;
  // The folders below each library folder are watched in the background, after `watchAfter`, so
  // the host shows the library without waiting for that walk; whatever changes from the opening
  // on is still imported. Until then, an import or a removal starts the watch the same way.
  let startingWatch: TreeWatchOptions | null = { changedSince: openedAt - fileClockLagMs };
  const watchLibraryFolders = () => watcher?.watchFolders(folders.paths(), startingWatch ?? {});
  const startWatching = () => {
    if (closed || !startingWatch) return;
    watchLibraryFolders();
    startingWatch = null;
  };
  if (options.watchAfter) void options.watchAfter.then(startWatching, startWatching);
  else startWatching();

  // The market (its code: ethers, the chain client) and the IPFS node start in the background once
  // `startAfter` settles when a network is configured (the node then serves what it holds to the
  // network's peers), else on first need: a market call loads the market, a catalogue track or the
  // cache's size starts the node. The library never waits for either; close() does.
  let content: LazyContentStore | null = null;
  let market: LazyMarketBackend | null = null;
  let startMarket = () => {};
  // Whether the market and the node start with the host rather than on first need.
  let withHost: Promise<boolean> = Promise.resolve(false);
  if (options.market) {
    const { market: marketOptions } = options;
    const marketStart = new Promise<void>((resolve) => (startMarket = resolve));
    void (marketOptions.startAfter ?? Promise.resolve()).then(startMarket, startMarket);
    const started = () =>
      marketStart.then(() => {
        if (closed) throw new AppError('UNAVAILABLE', 'Busker closed before the market started.');
      });
    const given = options.contentStore;
    content = lazyContentStore(
      given
        ? async () => given
        : () =>
            started().then(async () =>
              openAppContentStore({
                dataDir: options.dataDir,
                ...(ipfsApi ? { ipfsApi } : {}),
                ...(marketOptions.listen ? { listen: marketOptions.listen } : {}),
                network: await currentContentNetwork(options.dataDir, marketOptions.networkFile),
              }),
            ),
    );
    const marketContent = content;
    market = lazyMarketBackend(() =>
      started()
        .then(() => import('./marketBackend'))
        .then(({ createMarketBackend }) =>
          createMarketBackend({
            dataDir: options.dataDir,
            libraryDb: db,
            options: marketOptions,
            content: marketContent,
            emit: (event) => {
              if (!closed) emit(event);
            },
            onVaultKey: (key) => {
              vault = new KeyVault(db, key);
            },
            libraryChanged,
          }),
        ),
    );
    // A Kubo node the host was pointed at, or a store it passed in, is there to be used: at once.
    withHost = started().then(
      async () =>
        ipfsApi !== undefined ||
        given !== undefined ||
        networkConfigured(
          options.dataDir,
          marketOptions.networkFile ?? defaultNetworkFilePath(options.dataDir),
        ),
    );
    const eager = { content, market };
    withHost.then(
      (yes) => {
        if (!yes) return;
        void eager.content.start().catch(() => undefined);
        void eager.market.start();
      },
      () => undefined,
    );
  }
  const contentStore = content ?? options.contentStore;

  async function importAndRecord(
    folder: string,
    signal?: AbortSignal,
    imageFolders?: string[],
  ): Promise<ImportSummary> {
    const summary = await (
      await loadImporter()
    ).importFolder(folder, {
      onProgress: (payload) => emit({ name: 'onDidImportProgress', payload }),
      signal,
      ...(imageFolders ? { imageFolders } : {}),
    });
    folders.recordImport(summary.folder);
    watchLibraryFolders();
    libraryChanged();
    return summary;
  }

  const api: AppApi = {
    capabilities: async () => ({
      host: options.host,
      folderPicker: options.pickFolder !== undefined,
      market: options.market !== undefined,
      desktopShell: options.desktopShell !== undefined,
    }),
    libraryStats: async () => queries.stats(),
    listTracks: async (request) => queries.listTracks(request),
    listTrackIds: async (query) => queries.listTrackIds(query),
    getTracks: async (ids) => queries.getTracks(ids),
    listAlbums: async () => queries.listAlbums(),
    listArtists: async () => queries.listArtists(),
    searchLibrary: async (text, limits) => search.searchLibrary(text, limits),
    pickFolder: async () => (options.pickFolder ? options.pickFolder() : null),
    browseFolders: async (path) => {
      if (options.host === 'electron') {
        throw new AppError('UNAVAILABLE', 'The desktop app chooses folders with its own dialog.');
      }
      return browseFolders(path);
    },
    importFolder: (folder) => queued(() => importAndRecord(folder)),
    listFolders: async () => folders.list(),
    removeFolder: (path) =>
      queued(() => {
        folders.remove(path);
        watchLibraryFolders();
        libraryChanged();
      }),
    listPlaylists: async () => playlists.list(),
    getPlaylist: async (id) => playlists.get(id),
    createPlaylist: async (name, trackIds) => playlists.create(name, trackIds),
    renamePlaylist: async (id, name) => playlists.rename(id, name),
    deletePlaylist: async (id) => playlists.delete(id),
    addToPlaylist: async (id, trackIds) => playlists.addTracks(id, trackIds),
    setPlaylistTracks: async (id, trackIds) => playlists.setTracks(id, trackIds),
    // The browser's download: the page cannot say where it goes, so the paths are written absolute.
    exportPlaylist: async (id) => playlists.exportM3u(id, null),
    importPlaylist: async (fileName, text, filePath) =>
      playlists.importM3u(fileName.replace(/\.m3u8?$/i, '').trim() || 'Imported playlist', text, {
        baseFolder: filePath && isAbsolute(filePath) ? dirname(filePath) : null,
        fileExists: existsSync,
      }),
    ...desktopShellApi(options.desktopShell, playlists, queries),
    recordPlay: async (trackId) => history.record(trackId),
    ...(market ? market.api : marketOff()),
  };

  const media: MediaSource = {
    trackFile: (id) => queries.trackFile(id),
    coverImage: (id) => queries.coverImage(id),
    encryptedTrack(id) {
      const found = catalogue.media(id);
      if (!found) return null;
      return { audioCid: found.audioCid, mime: found.mime, contentKey: vault?.get(found) ?? null };
    },
  };

  return {
    api,
    media,
    handleMedia: createMediaHandler(media, {
      encryptedTracks: contentStore && createEncryptedTrackReader(contentStore),
    }),
    ...(market ? { marketLoaded: market.ready.then(noop, noop) } : {}),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async peerAddresses() {
      if (!content) return [];
      // A node that starts on first need has no addresses until then: none is running.
      if (await withHost) await content.ready;
      return content.listenAddresses();
    },
    async close() {
      closed = true;
      // A market still waiting for its start gives up now, so closing does not wait for it.
      startMarket();
      watcher?.close();
      listeners.clear();
      await market?.close();
      db.close();
      // A store the host passed in is the host's to close.
      if (content && !options.contentStore) await content.close();
    },
  };
}
