import { z } from 'zod';
import { AppError } from '../errors';
import type { AppApi, AppMethod } from './appApi';
import { minCacheLimitBytes } from './appMethods';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const folderPath = z.string().min(1).max(4096);
const trackQuery = z.strictObject({
  text: z.string().max(200).optional(),
  albumId: id.optional(),
  artistId: id.optional(),
  sort: z
    .strictObject({
      column: z.enum(['title', 'artist', 'album', 'duration', 'plays', 'lastPlayed']),
      descending: z.boolean(),
    })
    .optional(),
  recent: z.enum(['added', 'played']).optional(),
});
const playlistName = z.string().trim().min(1).max(200);
const trackIds = z.array(id).max(10_000);
const trackPageRequest = trackQuery.extend({
  offset: z.number().int().nonnegative().max(10_000_000),
  limit: z.number().int().min(1).max(1000),
});

const searchLimit = z.number().int().min(0).max(200);
const searchLimits = z.strictObject({ artists: searchLimit, albums: searchLimit, songs: searchLimit });
/** What a user may type as a pinning token: printable, no spaces (it goes in an HTTP header). */
export const pinningTokenSchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{1,1024}$/, { error: 'A pinning token is printable text without spaces.' });

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an 0x address of 40 hex digits');
const httpUrl = z
  .string()
  .max(2048)
  .refine((text) => /^https?:\/\/[^\s]+$/i.test(text) && URL.canParse(text), 'an http(s) address');
const passphrase = z.string().max(1024);
const walletSetup = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('create'), passphrase }),
  z.strictObject({ kind: z.literal('mnemonic'), mnemonic: z.string().min(1).max(1024), passphrase }),
  z.strictObject({ kind: z.literal('privateKey'), privateKey: z.string().min(1).max(200), passphrase }),
  z.strictObject({
    kind: z.literal('developmentAccount'),
    index: z.number().int().min(0).max(9),
    passphrase,
  }),
]);
/** Ether as typed: digits with at most 18 decimals. */
const priceEth = z.string().regex(/^\d{1,12}(\.\d{1,18})?$/, 'an amount in ether, like 0.01');

/** Argument schemas, one per method: hosts parse every call through these before serving it. */
export const appApiSchemas = {
  capabilities: z.tuple([]),
  libraryStats: z.tuple([]),
  listTracks: z.tuple([trackPageRequest]),
  listTrackIds: z.tuple([trackQuery]),
  getTracks: z.tuple([z.array(id).max(10_000)]),
  listAlbums: z.tuple([]),
  listArtists: z.tuple([]),
  searchLibrary: z.tuple([z.string().max(200), searchLimits]),
  pickFolder: z.tuple([]),
  browseFolders: z.tuple([folderPath.nullable()]),
  importFolder: z.tuple([folderPath]),
  listFolders: z.tuple([]),
  removeFolder: z.tuple([folderPath]),
  listPlaylists: z.tuple([]),
  getPlaylist: z.tuple([id]),
  createPlaylist: z.tuple([playlistName, trackIds]),
  renamePlaylist: z.tuple([id, playlistName]),
  deletePlaylist: z.tuple([id]),
  addToPlaylist: z.tuple([id, trackIds]),
  setPlaylistTracks: z.tuple([id, trackIds]),
  exportPlaylist: z.tuple([id]),
  // The size cap is M3U_MAX_BYTES's, counted in UTF-16 units here and in bytes when parsed.
  importPlaylist: z.tuple([
    z.string().max(255),
    z.string().max(4 * 1024 * 1024),
    folderPath.nullable().optional(),
  ]),
  savePlaylistFile: z.tuple([id]),
  showTrackInFolder: z.tuple([id]),
  recordPlay: z.tuple([id]),
  networkSettings: z.tuple([]),
  setNetwork: z.tuple([
    z.strictObject({ rpcUrl: httpUrl, factory: address, keyServerUrl: httpUrl }).nullable(),
  ]),
  joinNetwork: z.tuple([z.string().trim().min(1).max(2048)]),
  setPinningToken: z.tuple([pinningTokenSchema.nullable()]),
  walletState: z.tuple([]),
  networkHealth: z.tuple([]),
  setUpWallet: z.tuple([walletSetup]),
  unlockWallet: z.tuple([passphrase]),
  artistState: z.tuple([]),
  becomeArtist: z.tuple([z.string().trim().min(1).max(100)]),
  publishFiles: z.tuple([z.array(folderPath).min(1).max(500), priceEth, z.boolean().optional()]),
  listPublishJobs: z.tuple([]),
  earnings: z.tuple([]),
  withdraw: z.tuple([address.nullable()]),
  syncCatalogue: z.tuple([]),
  catalogueStates: z.tuple([z.array(id).max(10_000)]),
  notListedTracks: z.tuple([]),
  tipQuote: z.tuple([id]),
  unlockTrack: z.tuple([id]),
  setAvailableOffline: z.tuple([id, z.boolean()]),
  playbackProblem: z.tuple([id]),
  cacheState: z.tuple([]),
  setCacheLimit: z.tuple([z.number().int().min(minCacheLimitBytes).max(Number.MAX_SAFE_INTEGER)]),
} satisfies { [M in AppMethod]: z.ZodType<Parameters<AppApi[M]>> };

export function isAppMethod(name: string): name is AppMethod {
  return Object.hasOwn(appApiSchemas, name);
}

/** Parses untrusted call arguments; throws an AppError('BAD_REQUEST') when they do not fit. */
export function parseAppArgs<M extends AppMethod>(method: M, args: unknown): Parameters<AppApi[M]> {
  const result = appApiSchemas[method].safeParse(args);
  if (!result.success) {
    throw new AppError('BAD_REQUEST', `Invalid arguments for ${method}: ${z.prettifyError(result.error)}`);
  }
  return result.data as Parameters<AppApi[M]>;
}
