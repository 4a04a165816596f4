/**
 * Electronegativity (Doyensec's Electron security linter) over the code that ships: main/, preload/
 * and renderer/ without their tests. Passes with zero findings; a finding that is reviewed and
 * accepted carries an `eng-disable <CHECK>` comment with its reason on the line it flags.
 *
 *   node --import tsx scripts/electronegativity.ts
 *
 * Offline by construction: Electronegativity fetches translations and Electron's release list over
 * the network; here both requests fail at once, and the check that needs the release list
 * (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK: "is there a newer Electron?") is left out with the one
 * that only feeds it. Keeping Electron current is the job of dependency updates, not of an offline
 * test.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const projectDir = resolve(import.meta.dirname, '..');
const SHIPPED_DIRS = ['main', 'preload', 'renderer'];
const SOURCE_FILE = /\.(ts|tsx|js|mjs|cjs|html)$/;
const NOT_SHIPPED = /(\.test\.[jt]sx?$|(^|\/)testSupport\/)/;
/**
 * Checks left out, by id (Electronegativity names them by class: AvailableSecurityFixesGlobalCheck).
 * ELECTRON_VERSION_JSON_CHECK only reports the Electron version, for the release-list check to use.
 */
const NEEDS_NETWORK = ['AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK', 'ELECTRON_VERSION_JSON_CHECK'];
const checkClassName = (id: string) => id.toLowerCase().replaceAll('_', '');

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { name: string };
  confidence: { name: string };
  sample?: string;
}

interface RunResult {
  issues: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}

type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<RunResult>;

const require = createRequire(import.meta.url);

/** Makes every `got` request Electronegativity sends fail at once, before anything is loaded. */
function refuseNetwork(): void {
  const engDist = dirname(require.resolve('@doyensec/electronegativity/dist/runner.js'));
  const offline = Object.assign(() => Promise.reject(new Error('offline')), {
    head: () => Promise.reject(new Error('offline')),
  });
  for (const from of ['locales', 'finder/checks/GlobalChecks']) {
    const gotPath = require.resolve('got', { paths: [join(engDist, from)] });
    require.cache[gotPath] = {
      id: gotPath,
      filename: gotPath,
      loaded: true,
      exports: offline,
    } as NodeJS.Module;
  }
}

/** Copies the shipped sources (same relative paths) and package.json into a fresh folder. */
async function stageShippedSources(): Promise<{ stage: string; files: number }> {
  const stage = await mkdtemp(join(tmpdir(), 'busker-electronegativity-'));
  let files = 0;
  await copyFile(join(projectDir, 'package.json'), join(stage, 'package.json'));
  for (const dir of SHIPPED_DIRS) {
    for (const entry of await readdir(join(projectDir, dir), { recursive: true, withFileTypes: true })) {
      const file = relative(projectDir, join(entry.parentPath, entry.name)).split('\\').join('/');
      if (!entry.isFile() || !SOURCE_FILE.test(file) || NOT_SHIPPED.test(file)) continue;
      await mkdir(dirname(join(stage, file)), { recursive: true });
      await copyFile(join(projectDir, file), join(stage, file));
      files += 1;
    }
  }
  return { stage, files };
}

refuseNetwork();
const electronVersion = (require('electron/package.json') as { version: string }).version;
const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
const { stage, files } = await stageShippedSources();
const log = console.log;
let result: RunResult;
try {
  // It announces the failed downloads on the console; they are expected here.
  console.log = () => {};
  result = await run(
    {
      input: stage,
      isRelative: true,
      customScan: [],
      excludeFromScan: NEEDS_NETWORK.map(checkClassName),
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
} finally {
  console.log = log;
  await rm(stage, { recursive: true, force: true });
}

const broken = result.errors.filter((error) => !error.tolerable);
for (const error of broken) console.error(`Could not parse ${error.file}: ${error.message}`);
for (const issue of result.issues) {
  console.error(
    `${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column} ` +
      `(${issue.severity.name}, ${issue.confidence.name}): ${issue.description}` +
      (issue.sample ? `\n    ${issue.sample.trim()}` : ''),
  );
}
if (result.issues.length > 0 || broken.length > 0) {
  console.error(
    `Electronegativity: ${result.issues.length} finding(s), ${broken.length} unparsed file(s). Fix each one, ` +
      'or justify it in a comment beside the code with `eng-disable <CHECK_ID>` on the flagged line.',
  );
  process.exit(1);
}
console.log(
  `Electronegativity (Electron ${electronVersion}): no findings in ${files} files of ${SHIPPED_DIRS.join(', ')}` +
    ` (${NEEDS_NETWORK.join(', ')} left out: they need the network).`,
);
