import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASAR_REQUIRED, judgeAsarFiles } from './asarAllowList';

const shipped = [
  ...ASAR_REQUIRED,
  'dist/renderer/app.css',
  'dist/renderer/inter-latin.woff2',
  'node_modules/better-sqlite3/LICENSE',
  'node_modules/better-sqlite3/lib/methods/transaction.js',
  'node_modules/better-sqlite3/prebuilds/linux-x64.node',
];

test('the files of a good package pass', () => {
  assert.deepEqual(judgeAsarFiles(shipped, 'linux', 'x64'), { refused: [], unexpected: [], missing: [] });
});

test('sources, tests, fixtures, dev tools and secrets are refused by name', () => {
  const intruders: Array<[string, RegExp]> = [
    ['.env', /environment file/],
    ['config/.env.production', /environment file/],
    ['keys/signing.pem', /key or credentials/],
    ['.npmrc', /key or credentials/],
    ['main/main.ts', /TypeScript/],
    ['protocol/envelope.ts', /TypeScript/],
    ['dist/main/main.js.map', /source map/],
    ['dist/renderer/player.test.js', /test or benchmark/],
    ['e2e/support/audioFixtures.js', /fixtures or test code/],
    ['protocol/testVectors/bsk1.json', /fixtures or test code/],
    ['node_modules/@foundry-rs/anvil/bin/anvil', /development tool/],
    ['node_modules/solc/soljson.js', /development tool/],
    ['node_modules/typescript/lib/typescript.js', /development tool/],
    ['node_modules/esbuild/bin/esbuild', /development tool/],
    ['node_modules/electron/dist/electron', /development tool/],
    ['contracts/Artist.sol', /source tree/],
    ['seed/migrations/001_seed.js', /source tree/],
    ['testkit/simulatedInternet.js', /source tree/],
    ['dist/cli/busker.js', /command-line tool/],
    ['node_modules/helia/dist/src/index.js', /main bundles/],
  ];
  const verdict = judgeAsarFiles([...shipped, ...intruders.map(([path]) => path)], 'linux', 'x64');
  assert.equal(verdict.refused.length, intruders.length, JSON.stringify(verdict.refused, null, 1));
  for (const [path, what] of intruders) {
    const found = verdict.refused.find((entry) => entry.path === path);
    assert.ok(found, `${path} was let through`);
    assert.match(found.what, what, path);
  }
});

test('anything no rule names is reported as unexpected, and missing app files are named', () => {
  const verdict = judgeAsarFiles(
    [...shipped.filter((path) => path !== 'dist/preload/preload.cjs'), 'README.md', 'dist/renderer/x.exe'],
    'linux',
    'x64',
  );
  assert.deepEqual(verdict.unexpected, ['README.md', 'dist/renderer/x.exe']);
  assert.deepEqual(verdict.missing, ['dist/preload/preload.cjs']);
});

test("another system's native prebuild is not allowed", () => {
  const verdict = judgeAsarFiles(
    [...shipped, 'node_modules/better-sqlite3/prebuilds/win32-x64.node'],
    'linux',
    'x64',
  );
  assert.deepEqual(verdict.unexpected, ['node_modules/better-sqlite3/prebuilds/win32-x64.node']);
});
