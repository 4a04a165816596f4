// Builds everything that runs: the renderer page, Electron's main and preload, and the CLI.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { metadataCollectorPath, shareTagMapper } from '../core/library/tagMapperSharing.js';

const production = process.env.NODE_ENV !== 'development';
const common = { bundle: true, sourcemap: true, logLevel: 'warning', minify: production };
const nodeCommon = { ...common, platform: 'node', target: 'node22', packages: 'external', minify: false };
// Electron's main carries its dependencies inside the bundle, so the installer ships no node_modules
// but better-sqlite3 (native code). `require` lets bundled CommonJS packages load Node's built-ins.
const electronMain = {
  ...nodeCommon,
  packages: undefined,
  external: ['electron', 'better-sqlite3'],
  banner: {
    js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);",
  },
};

// The CLI loads its packages from node_modules, all but zod: its hundred small modules, resolved and
// loaded one by one, cost `busker serve` some 10 ms more before its URL than one bundled chunk.
const packagesExternalButZod = {
  name: 'packages-external-but-zod',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
      path === 'zod' || path.startsWith('zod/') ? undefined : { path, external: true },
    );
  },
};

// The tag threads' music-metadata parses share one tag mapper (core/library/tagMapperSharing.js).
const tagMapperSharing = {
  name: 'tag-mapper-sharing',
  setup(build) {
    build.onLoad({ filter: metadataCollectorPath }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const shared = shareTagMapper(source);
      const warnings = shared ? [] : [{ text: 'music-metadata changed: its tag mapper is not shared' }];
      return { contents: shared ?? source, loader: 'js', warnings };
    });
  },
};

await rm('dist', { recursive: true, force: true });
await mkdir('dist/renderer', { recursive: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: 'dist/renderer',
    platform: 'browser',
    format: 'esm',
    target: 'chrome130',
    jsx: 'automatic',
    loader: { '.svg': 'file', '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  }),
  // Split like the CLI, so the first window parses only what it shows (the IPFS node, the chain
  // and the market load later, from their own chunks), and minified (names kept: some packages
  // read constructor names) to cut parse time.
  build({
    ...electronMain,
    entryPoints: { main: 'main/main.ts' },
    outdir: 'dist/main',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    minify: production,
    keepNames: true,
  }),
  // Publishing's encryption thread and the tag-reading threads, loaded from beside each bundle
  // that publishes or imports (encryptionThread.ts, tagThreads.ts).
  ...['dist/main', 'dist/cli'].flatMap((dir) =>
    [
      ['core/publish/encryptionWorker.ts', 'encryptionWorker.js'],
      ['core/library/tagWorker.ts', 'tagWorker.js'],
    ].map(([entry, name]) =>
      build({
        ...nodeCommon,
        packages: undefined,
        // music-metadata's CommonJS dependencies (debug) require Node's built-ins.
        banner: electronMain.banner,
        entryPoints: [entry],
        outfile: `${dir}/${name}`,
        plugins: [tagMapperSharing],
        format: 'esm',
      }),
    ),
  ),
  build({
    ...nodeCommon,
    entryPoints: ['preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    format: 'cjs',
  }),
  // Split into chunks so each command loads its implementation (and its packages) only when it
  // runs: `busker --help` must not pay for IPFS and the chain. Chunks sit beside busker.js, so
  // paths taken from import.meta.url (the worker files, the renderer) resolve the same from each.
  build({
    ...nodeCommon,
    packages: undefined,
    plugins: [packagesExternalButZod],
    entryPoints: { busker: 'cli/busker.ts' },
    outdir: 'dist/cli',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
  }),
  // The key server's crypto threads, loaded from beside the CLI that runs it (keyserver/requestCrypto.ts).
  build({
    ...nodeCommon,
    entryPoints: ['keyserver/requestCryptoWorker.ts'],
    outfile: 'dist/cli/requestCryptoWorker.js',
    format: 'esm',
  }),
  copyFile('renderer/index.html', 'dist/renderer/index.html'),
]);
