import type { AppApi, AppMethod } from './appApi';
import type { MarketApi } from './marketApi';

/** The smallest cache size limit the hosts accept; the settings form checks it first. */
export const minCacheLimitBytes = 64 * 1024 * 1024;

/** The market half (wallet, publishing, catalogue): hosts without it refuse each of these. */
export const marketMethods = [
  'networkSettings',
  'setNetwork',
  'joinNetwork',
  'setPinningToken',
  'walletState',
  'networkHealth',
  'setUpWallet',
  'unlockWallet',
  'artistState',
  'becomeArtist',
  'publishFiles',
  'listPublishJobs',
  'earnings',
  'withdraw',
  'syncCatalogue',
  'catalogueStates',
  'notListedTracks',
  'tipQuote',
  'unlockTrack',
  'setAvailableOffline',
  'playbackProblem',
  'cacheState',
  'setCacheLimit',
] as const satisfies readonly (keyof MarketApi)[];

type MissingMarketMethod = Exclude<keyof MarketApi, (typeof marketMethods)[number]>;
/** Names a `MarketApi` method missing from the list above when the build breaks here. */
export const everyMarketMethodListed: [MissingMarketMethod] extends [never] ? true : MissingMarketMethod =
  true;

export const playlistMethods = [
  'listPlaylists',
  'getPlaylist',
  'createPlaylist',
  'renamePlaylist',
  'deletePlaylist',
  'addToPlaylist',
  'setPlaylistTracks',
  'exportPlaylist',
  'importPlaylist',
  'savePlaylistFile',
] as const satisfies readonly AppMethod[];

/**
 * Every app API method, in one list that the hosts, the preload and the renderer's bridges all
 * build from. It holds no code, so the sandboxed preload and the page may load it. The check
 * below fails to compile when this list and `AppApi` disagree.
 */
export const appMethods = [
  'capabilities',
  'libraryStats',
  'listTracks',
  'listTrackIds',
  'getTracks',
  'listAlbums',
  'listArtists',
  'searchLibrary',
  'pickFolder',
  'browseFolders',
  'importFolder',
  'listFolders',
  'removeFolder',
  ...playlistMethods,
  'recordPlay',
  'showTrackInFolder',
  ...marketMethods,
] as const satisfies readonly AppMethod[];

type MissingMethod = Exclude<keyof AppApi, (typeof appMethods)[number]>;
/** Names an `AppApi` method missing from the list above when the build breaks here. */
export const everyMethodListed: [MissingMethod] extends [never] ? true : MissingMethod = true;

/** Builds an `AppApi` whose every method is made by `makeMethod` (a bridge's forwarding call). */
export function buildAppApi(makeMethod: <M extends AppMethod>(method: M) => AppApi[M]): AppApi {
  return Object.fromEntries(appMethods.map((method) => [method, makeMethod(method)])) as unknown as AppApi;
}
