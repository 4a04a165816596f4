// The floors, bottom up, as one allow-list (VS Code's code-layering rule): every source file stands on
// the last floor whose `files` match it, and imports only the repository paths its floor lists, so a
// folder nobody listed is forbidden. ESLint (scripts/lint/floorImports.js) and the architecture test
// (scripts/architecture.test.ts) both read this table.
import { matchesGlob } from 'node:path';

/** @type {import('./floors').Floor[]} */
export const floors = [
  {
    files: ['base/**'],
    floor: 'base/',
    purpose: "what every area shares and nothing of Busker's, in Node built-ins only",
    may: ['base'],
    packages: 'node',
  },
  {
    files: ['base/**/*.test.ts'],
    floor: 'base/ tests',
    purpose: 'tests of base/, which may use real packages (a real SQLite file for the migration runner)',
    may: ['base'],
    tests: true,
  },
  {
    files: ['protocol/**'],
    floor: 'protocol/',
    purpose:
      'what Busker shares with other programs: formats, envelopes, the network file, contract bindings',
    may: ['base', 'protocol'],
  },
  {
    files: ['core/**'],
    floor: 'core/',
    purpose: 'the domain in plain Node, by area, and the app services every host shares',
    may: ['base', 'protocol', 'core'],
  },
  {
    files: ['core/**/*.test.ts', 'core/**/testSupport/**', 'core/**/testing/**'],
    floor: 'core/ tests',
    purpose: "core/'s tests and their helpers, on the development network with a real key server and seed",
    may: ['base', 'protocol', 'core', 'devnet', 'testkit', 'keyserver', 'seed'],
    tests: true,
  },
  {
    files: ['keyserver/**'],
    floor: 'keyserver/',
    purpose: 'the key server, deployed on its own: never the app',
    may: ['base', 'protocol', 'keyserver'],
  },
  {
    files: ['keyserver/devnetKeyServer.ts'],
    floor: 'keyserver/ devnet',
    purpose: "the development network's key server",
    may: ['base', 'protocol', 'keyserver'],
    types: ['devnet'],
  },
  {
    files: ['keyserver/testing/**', 'keyserver/**/*.test.ts'],
    floor: 'keyserver/ tests',
    purpose: "the key server's test harness and tests",
    may: ['base', 'protocol', 'keyserver', 'testkit', 'devnet'],
    tests: true,
  },
  {
    files: ['seed/**'],
    floor: 'seed/',
    purpose: "a seed, deployed on its own, built on the app's storage and chain code",
    may: ['base', 'protocol', 'core', 'seed'],
  },
  {
    files: ['seed/devnetSeed.ts'],
    floor: 'seed/ devnet',
    purpose: "the development network's seed",
    may: ['base', 'protocol', 'core', 'seed'],
    types: ['devnet'],
  },
  {
    files: ['seed/testing/**', 'seed/**/*.test.ts'],
    floor: 'seed/ tests',
    purpose: "the seed's tests and a test seed's settings",
    may: ['base', 'protocol', 'core', 'seed', 'devnet', 'testkit'],
    tests: true,
  },
  {
    files: ['devnet/**'],
    floor: 'devnet/',
    purpose:
      "the local development network (anvil, the factory's deployment, its lock and file): never core/'s",
    may: ['base', 'protocol', 'core/wallet', 'devnet'],
  },
  {
    files: ['testkit/**'],
    floor: 'testkit/',
    purpose: 'what tests share: the contract fixture, audio, the simulated internet and the NAT rig',
    may: ['base', 'protocol', 'core', 'devnet', 'testkit'],
    tests: true,
  },
  {
    files: ['main/**'],
    floor: 'main/',
    purpose:
      'the Electron shell and the headless host; the IPC channel names are the preload side of its wire',
    may: ['base', 'protocol', 'core', 'main', 'preload/ipcChannels'],
  },
  {
    files: ['main/**/*.test.ts'],
    floor: 'main/ tests',
    purpose: "main/'s tests, against a real key server",
    may: ['base', 'protocol', 'core', 'main', 'preload/ipcChannels', 'testkit', 'keyserver'],
    tests: true,
  },
  {
    files: ['preload/**'],
    floor: 'preload/',
    purpose: 'exposes the app API to the page: its method list, and the contract as types',
    may: ['preload', 'core/api/appMethods'],
    types: ['core/api/appApi'],
  },
  {
    files: ['renderer/**'],
    floor: 'renderer/',
    purpose: "the React UI: base/'s plain helpers, the API's method list, and the contract as types",
    may: ['renderer', 'base', 'core/api/appMethods'],
    types: ['core/api/appApi'],
  },
  {
    files: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    floor: 'renderer/ tests',
    purpose: "the renderer's tests, run in Node",
    may: ['renderer', 'base', 'core/api/appMethods', 'testkit'],
    types: ['core/api/appApi'],
    tests: true,
  },
  {
    files: ['cli/**'],
    floor: 'cli/',
    purpose: 'the busker command: runs the app services, the headless host, a key server and a seed',
    may: ['base', 'protocol', 'core', 'keyserver', 'seed', 'main/headless', 'cli', 'package.json'],
  },
  {
    files: ['cli/commands/devnet.ts'],
    floor: 'cli/ devnet',
    purpose: '`busker devnet`: the development network, its key server and seed, in one command',
    may: ['base', 'protocol', 'cli', 'devnet', 'keyserver/devnetKeyServer', 'seed/devnetSeed'],
  },
  {
    files: ['cli/**/*.test.ts', 'cli/testSupport/**'],
    floor: 'cli/ tests',
    purpose: "the command's tests, on the development network",
    tests: true,
    may: [
      'base',
      'protocol',
      'core',
      'keyserver',
      'seed',
      'main/headless',
      'cli',
      'package.json',
      'devnet',
      'testkit',
    ],
  },
  {
    files: ['bench/**'],
    floor: 'bench/',
    purpose: 'benchmarks: programs that measure any floor against its ceiling',
    may: ['base', 'protocol', 'core', 'keyserver', 'seed', 'devnet', 'testkit', 'bench'],
    tests: true,
  },
  {
    files: ['e2e/**'],
    floor: 'e2e/',
    purpose: 'end-to-end tests: the hosts in a browser or Electron, on the development network',
    may: ['base', 'protocol', 'core', 'keyserver', 'seed', 'devnet', 'testkit', 'main', 'renderer', 'e2e'],
    tests: true,
  },
  {
    files: ['scripts/**'],
    floor: 'scripts/',
    purpose: 'development orchestration, builds, packaging checks and these lint rules',
    may: [
      'base',
      'protocol',
      'core',
      'keyserver',
      'seed',
      'devnet',
      'testkit',
      'cli',
      'main',
      'scripts',
      'package.json',
    ],
  },
  {
    files: ['bin/**'],
    floor: 'bin/',
    purpose: 'the installed `busker` command, which hands over to the built CLI in Node built-ins only',
    may: ['bin'],
    packages: 'node',
  },
  {
    files: ['*.js', '*.mjs', '*.cjs', '*.ts'],
    floor: 'the root',
    purpose: "the tools' configuration files",
    may: ['scripts/lint'],
  },
];

/** `path` is `entry` or inside it, segment by segment. */
function within(path, entry) {
  return path === entry || path.startsWith(`${entry}/`);
}

function withoutExtension(path) {
  return path.replace(/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/, '');
}

/**
 * The floor a repository path (with `/` separators) stands on: the last entry whose `files` match,
 * as ESLint applies the last matching configuration; null when no floor lists it.
 * @param {readonly import('./floors').Floor[]} table
 * @param {string} path
 */
export function floorOf(table, path) {
  let found = null;
  for (const entry of table) {
    if (entry.files.some((pattern) => matchesGlob(path, pattern))) found = entry;
  }
  return found;
}

/**
 * Whether `floor` may import the repository path `target` (with or without its extension); a
 * type-only import may also reach the floor's `types`.
 * @param {import('./floors').Floor} floor
 * @param {string} target
 * @param {boolean} typeOnly
 */
export function mayImport(floor, target, typeOnly) {
  const entries = typeOnly ? [...floor.may, ...(floor.types ?? [])] : floor.may;
  const bare = withoutExtension(target);
  return entries.some((entry) => within(target, entry) || within(bare, entry));
}

/**
 * What a floor may import, in words: "base/, protocol/, core/api/appApi (as types)".
 * @param {import('./floors').Floor} floor
 */
export function allowedInWords(floor) {
  const name = (entry) => (entry.includes('/') || entry.includes('.') ? entry : `${entry}/`);
  return [...floor.may.map(name), ...(floor.types ?? []).map((entry) => `${name(entry)} (as types)`)].join(
    ', ',
  );
}
