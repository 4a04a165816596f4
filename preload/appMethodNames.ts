import type { AppApi, AppMethod } from '../core/api/appApi';

/**
 * Every app API method, spelled out: the sandboxed preload cannot load the zod schemas that
 * list them at runtime. The checks below fail to compile when this list and `AppApi` disagree.
 */
export const APP_METHOD_NAMES = [
  'capabilities',
  'libraryStats',
  'listTracks',
  'listTrackIds',
  'getTracks',
  'listAlbums',
  'listArtists',
  'pickFolder',
  'importFolder',
  'listFolders',
  'removeFolder',
] as const satisfies readonly AppMethod[];

type MissingMethod = Exclude<keyof AppApi, (typeof APP_METHOD_NAMES)[number]>;
/** Names an `AppApi` method missing from the list above when the build breaks here. */
export const everyMethodListed: [MissingMethod] extends [never] ? true : MissingMethod = true;
