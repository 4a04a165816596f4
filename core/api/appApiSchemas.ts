import { z } from 'zod';
import { AppError } from '../errors';
import type { AppApi, AppMethod } from './appApi';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const folderPath = z.string().min(1).max(4096);
const trackQuery = z.strictObject({
  text: z.string().max(200).optional(),
  albumId: id.optional(),
  artistId: id.optional(),
});
const trackPageRequest = trackQuery.extend({
  offset: z.number().int().nonnegative().max(10_000_000),
  limit: z.number().int().min(1).max(1000),
});

/** Argument schemas, one per method: hosts parse every call through these before serving it. */
export const appApiSchemas = {
  capabilities: z.tuple([]),
  libraryStats: z.tuple([]),
  listTracks: z.tuple([trackPageRequest]),
  listTrackIds: z.tuple([trackQuery]),
  getTracks: z.tuple([z.array(id).max(10_000)]),
  listAlbums: z.tuple([]),
  listArtists: z.tuple([]),
  pickFolder: z.tuple([]),
  importFolder: z.tuple([folderPath]),
  listFolders: z.tuple([]),
  removeFolder: z.tuple([folderPath]),
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
