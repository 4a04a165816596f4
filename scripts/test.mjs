// `npm test`: every check in order, then one plain summary line.
// Lint and type-check count as one test each; the rest are node:test files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = '.test-results';
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const only = process.argv[2];

function run(name, command, args) {
  console.log(`\n== ${name}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function check(name, command, args) {
  if (only && only !== name) return;
  if (run(name, command, args)) totals.passed += 1;
  else totals.failed += 1;
}

function suite(name, patterns, concurrency, timeoutMs = 180_000) {
  if (only && only !== name) return;
  const tap = join(resultsDir, `${name}.tap`);
  const ok = run(name, process.execPath, [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeoutMs}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...patterns,
  ]);
  const counts = readTapCounts(tap);
  totals.passed += counts.pass;
  totals.failed += counts.fail + counts.cancelled;
  totals.skipped += counts.skipped + counts.todo;
  if (!ok && counts.fail + counts.cancelled === 0) totals.failed += 1; // the runner itself failed
}

function readTapCounts(file) {
  const counts = { pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  if (!existsSync(file)) return counts;
  const text = readFileSync(file, 'utf8');
  for (const key of Object.keys(counts)) {
    const match = text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'));
    if (match) counts[key] = Number(match[1]);
  }
  return counts;
}

check('contracts', process.execPath, ['scripts/compileContracts.mjs']);
check('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
check('solidity-lint', 'npx', ['solhint', '--max-warnings=0', 'contracts/**/*.sol']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck-renderer', 'npx', ['tsc', '-p', 'renderer/tsconfig.json']);
check('typecheck-renderer-tests', 'npx', ['tsc', '-p', 'renderer/tsconfig.test.json']);
check('typecheck-e2e', 'npx', ['tsc', '-p', 'e2e/tsconfig.json']);
check('electronegativity', process.execPath, ['--import', 'tsx', 'scripts/electronegativity.ts']);
check('build', process.execPath, ['scripts/build.mjs']);
suite(
  'unit',
  [
    'base/**/*.test.ts',
    'protocol/**/*.test.ts',
    'core/**/*.test.ts',
    'main/**/*.test.ts',
    'preload/**/*.test.ts',
    'renderer/**/*.test.ts',
    'cli/**/*.test.ts',
    'keyserver/**/*.test.ts',
    'scripts/**/*.test.ts',
    'seed/**/*.test.ts',
    'testkit/*.test.ts',
    'devnet/**/*.test.ts',
    'e2e/support/*.test.ts',
  ],
  2,
);
// The simulated internet's journey runs alone, under the 10 minutes it declares for itself: the
// runner's 3-minute limit would otherwise apply to the whole file, set-up included.
suite('rig', ['testkit/rig/*.test.ts'], 1, 600_000);
suite('e2e', ['e2e/**/*.e2e.ts'], 1);
// Needs the build above: electron-builder packages dist/ offline (scripts/packaging/).
suite('packaging', ['scripts/packaging/*.check.ts'], 1);

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
