// Types of tagMapperSharing.js, which stays JavaScript so that scripts/build.mjs can load it as it is.
import type { LoadHookSync } from 'node:module';

/** The music-metadata module whose source is changed. */
export const metadataCollectorPath: RegExp;
/**
 * MetadataCollector.js with one tag mapper shared by every parse, or null when the source does not
 * read as expected (another version of music-metadata: then it is used unchanged).
 */
export function shareTagMapper(source: string): string | null;
/**
 * A module load hook (`module.registerHooks`) applying `shareTagMapper` to music-metadata's
 * MetadataCollector.js, for code run from source.
 */
export const shareTagMapperOnLoad: LoadHookSync;
