// music-metadata 12 gives every parse a new CombinedTagMapper: every tag format's table, each of
// its keys upper-cased into a fresh object, some 130 µs a file, more than MPD spends on a whole
// file. The mappers keep nothing between tags (each call works on its own copy of the tag), so one
// instance shared by every parse maps the same tags to the same fields. Applied where the module is
// loaded: by a load hook in the tag thread run from source (tagWorker.ts), by an esbuild plugin in
// the bundles (scripts/build.mjs). Plain JavaScript, so the build script can load it as it is.

/** The music-metadata module whose source is changed. */
export const metadataCollectorPath = /[\\/]music-metadata[\\/]lib[\\/]common[\\/]MetadataCollector\.js$/;

const perParse = 'tagMapper = new CombinedTagMapper();';

/**
 * MetadataCollector.js with one tag mapper shared by every parse, or null when the source does not
 * read as expected (another version of music-metadata: then it is used unchanged).
 * @param {string} source
 * @returns {string | null}
 */
export function shareTagMapper(source) {
  if (source.split(perParse).length !== 2) return null;
  return (
    source.replace(perParse, 'tagMapper = sharedTagMapper;') +
    '\n// Busker: one mapper for every parse (core/library/tagMapperSharing.js).\n' +
    'const sharedTagMapper = new CombinedTagMapper();\n'
  );
}

/**
 * A module load hook (`module.registerHooks`) applying `shareTagMapper` to music-metadata's
 * MetadataCollector.js, for code run from source.
 * @type {import('node:module').LoadHookSync}
 */
export function shareTagMapperOnLoad(url, context, nextLoad) {
  const loaded = nextLoad(url, context);
  if (!metadataCollectorPath.test(url) || loaded.source === undefined) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  return { ...loaded, source: shareTagMapper(source) ?? source };
}
