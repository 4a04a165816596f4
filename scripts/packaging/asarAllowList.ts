/**
 * What Busker's app.asar may hold: the built main, preload and renderer, package.json, and the one
 * runtime dependency main does not bundle (better-sqlite3, native). Everything else is refused,
 * with a name for the usual suspects so a failure says what slipped in.
 */
import { getRawHeader } from '@electron/asar';

export interface AsarEntry {
  /** Relative to the archive root, with forward slashes. */
  path: string;
  size: number;
  /** True when the file lives beside the archive, in app.asar.unpacked (native code). */
  unpacked: boolean;
}

/** Every file in the archive (folders left out). */
export function listAsarFiles(asarPath: string): AsarEntry[] {
  type Node = { files?: Record<string, Node>; size?: number; unpacked?: boolean; link?: string };
  const entries: AsarEntry[] = [];
  const walk = (node: Node, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else entries.push({ path, size: child.size ?? 0, unpacked: child.unpacked === true });
    }
  };
  walk(getRawHeader(asarPath).header as Node, '');
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

/** The files the app cannot start without. */
export const ASAR_REQUIRED = [
  'package.json',
  'dist/main/main.js',
  'dist/main/encryptionWorker.js',
  'dist/main/tagWorker.js',
  'dist/preload/preload.cjs',
  'dist/renderer/index.html',
  'dist/renderer/app.js',
  'node_modules/better-sqlite3/package.json',
  'node_modules/better-sqlite3/lib/index.js',
] as const;

/** Everything the asar may hold; `arch` is the package's (x64, arm64). */
export function asarAllowed(platform: string, arch: string): readonly RegExp[] {
  return [
    /^package\.json$/,
    // main.js and the chunks it loads on first use (scripts/build.mjs splits it).
    /^dist\/main\/(main|encryptionWorker|tagWorker|chunk-[A-Z0-9]+)\.js$/,
    /^dist\/preload\/preload\.cjs$/,
    // The page, its bundle and the assets esbuild's file loader emits (fonts, images).
    /^dist\/renderer\/(index\.html|app\.js|app\.css)$/,
    /^dist\/renderer\/[\w.-]+\.(svg|woff2|png|webp)$/,
    /^node_modules\/better-sqlite3\/(package\.json|LICENSE)$/,
    /^node_modules\/better-sqlite3\/lib\/[\w/-]+\.js$/,
    new RegExp(`^node_modules/better-sqlite3/prebuilds/${platform}-${arch}\\.node$`),
  ];
}

/** Named refusals, checked first so a failure says what kind of thing got in. */
export const ASAR_FORBIDDEN: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /(^|\/)\.env(\.[\w-]+)?$/i, what: 'an environment file (secrets)' },
  {
    pattern: /\.(pem|key|p12|pfx|keystore|jks)$|(^|\/)(id_rsa|id_ed25519|\.npmrc|\.netrc)$/i,
    what: 'a key or credentials file',
  },
  { pattern: /\.(ts|tsx|mts|cts)$/, what: 'TypeScript source' },
  { pattern: /\.map$/, what: 'a source map' },
  { pattern: /(^|\/)[^/]+\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/, what: 'a test or benchmark' },
  {
    pattern: /(^|\/)(fixtures?|testVectors|__tests__|tests?|e2e|bench)(\/|$)/,
    what: 'test fixtures or test code',
  },
  {
    pattern:
      /^node_modules\/(@foundry-rs|solc|typescript|esbuild|@esbuild|electron|electron-builder|app-builder-lib|app-builder-bin|tsx|eslint|prettier|playwright-core|@openzeppelin|ipfs-core|fast-check|@doyensec)(\/|$)/,
    what: 'a development tool',
  },
  {
    pattern:
      /^(contracts|base|protocol|core|main|preload|renderer|keyserver|seed|testkit|cli|scripts|build|\.ci|\.github|\.git)\//,
    what: 'the source tree',
  },
  { pattern: /^dist\/cli\//, what: 'the command-line tool (it runs from npm, not from the app)' },
  {
    pattern: /^node_modules\/(?!better-sqlite3\/)/,
    what: 'a dependency that main bundles (or does not use)',
  },
];

export interface AsarVerdict {
  /** Files that must not be there, each with what it is. */
  refused: Array<{ path: string; what: string }>;
  /** Files that are neither refused by name nor allowed: new, unreviewed content. */
  unexpected: string[];
  missing: string[];
}

export function judgeAsarFiles(files: readonly string[], platform: string, arch: string): AsarVerdict {
  const allowed = asarAllowed(platform, arch);
  const refused: AsarVerdict['refused'] = [];
  const unexpected: string[] = [];
  for (const path of files) {
    const forbidden = ASAR_FORBIDDEN.find(({ pattern }) => pattern.test(path));
    if (forbidden) refused.push({ path, what: forbidden.what });
    else if (!allowed.some((pattern) => pattern.test(path))) unexpected.push(path);
  }
  const present = new Set(files);
  return { refused, unexpected, missing: ASAR_REQUIRED.filter((path) => !present.has(path)) };
}
