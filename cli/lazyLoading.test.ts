/**
 * Each command loads only what it needs (issue #23): the built CLI's `busker --help`, every
 * command's `--help`, `search` and `import` load none of the IPFS, chain or server stacks, which
 * cost a second or more before anything happens. A load hook in the command's own process
 * (testSupport/recordModules.mjs) records every module it loaded. Needs the build (`npm run build`):
 * what is checked is the bundle users run, split into chunks that load on demand.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeUnansweringNetworkFile } from '../testkit/unansweringNetwork';

const projectDir = join(import.meta.dirname, '..');
const cli = join(projectDir, 'dist', 'cli', 'busker.js');
const recorder = join(import.meta.dirname, 'testSupport', 'recordModules.mjs');
/** The stacks no library command may load: IPFS, the chain client, the key server's. */
const heavyPackage =
  /\/node_modules\/(helia|@helia\/[^/]+|libp2p|@libp2p\/[^/]+|kubo-rpc-client|ethers|fastify|pg|prom-client)\//;

let root: string;

before(async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first.`);
  root = await mkdtemp(join(tmpdir(), 'busker-lazy-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

interface RecordedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The URL of every module the process loaded. */
  modules: string[];
}

let runs = 0;
async function runRecorded(args: string[]): Promise<RecordedRun> {
  runs += 1;
  const record = join(root, `modules-${runs}.txt`);
  const child = spawn(process.execPath, ['--import', recorder, cli, ...args], {
    // XDG_DATA_HOME keeps a run without --data away from the real library.
    env: { ...process.env, BUSKER_RECORD_MODULES: record, XDG_DATA_HOME: join(root, 'xdg') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const modules = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
  return { code, stdout, stderr, modules };
}

const packagesIn = (modules: string[]) => modules.filter((url) => url.includes('/node_modules/'));
const heavyIn = (modules: string[]) => modules.filter((url) => heavyPackage.test(url));

test('busker --help loads no package at all, only its own code', async () => {
  const run = await runRecorded(['--help']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Usage: busker <command>/);
  assert.deepEqual(packagesIn(run.modules), []);
});

test("every command's --help loads no package at all", async () => {
  const general = await runRecorded(['--help']);
  const commandsSection = general.stdout.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  const names = commandsSection
    .split('\n')
    .map((line) => line.trim().split(' ')[0])
    .filter((name): name is string => Boolean(name));
  assert.ok(names.includes('search') && names.includes('publish'), `commands found: ${names.join(', ')}`);
  for (const name of names) {
    const run = await runRecorded([name, '--help']);
    assert.equal(run.code, 0, `busker ${name} --help: ${run.stderr}`);
    assert.match(run.stdout, /^Usage: busker /, `busker ${name} --help printed: ${run.stdout}`);
    assert.deepEqual(packagesIn(run.modules), [], `busker ${name} --help loaded packages`);
  }
});

test("the compiled code is cached in the user's cache folder; one that cannot be written changes nothing", () => {
  const run = (cacheHome: string) =>
    spawnSync(process.execPath, [cli, '--help'], {
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, XDG_DATA_HOME: join(root, 'xdg') },
      encoding: 'utf8',
    });
  const cacheHome = join(root, 'cache');
  const cached = run(cacheHome);
  assert.equal(cached.status, 0, cached.stderr);
  assert.match(cached.stdout, /^Usage: busker <command>/);
  assert.ok(existsSync(join(cacheHome, 'busker', 'compile-cache')), 'no compile cache was written');

  // A cache folder "inside" a file: no folder can be made there.
  const notAFolder = join(root, 'not-a-folder');
  writeFileSync(notAFolder, '');
  const uncached = run(notAFolder);
  assert.equal(uncached.status, 0, uncached.stderr);
  assert.equal(uncached.stdout, cached.stdout);
  assert.equal(uncached.stderr, '');
});

test('search and import open the library without the IPFS, chain or server stacks', async () => {
  const dataDir = join(root, 'data');
  const folder = join(root, 'music');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'notes.txt'), 'not audio');

  const imported = await runRecorded(['import', folder, '--data', dataDir]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^Imported /);
  // The recorder sees packages: the importer's tag reader and SQLite were loaded.
  assert.ok(imported.modules.some((url) => url.includes('/node_modules/music-metadata/')));
  assert.deepEqual(heavyIn(imported.modules), []);

  const searched = await runRecorded(['search', 'golden mount', '--data', dataDir]);
  assert.equal(searched.code, 0, searched.stderr);
  assert.equal(searched.stdout, 'No tracks match "golden mount".\n');
  assert.ok(searched.modules.some((url) => url.includes('/node_modules/better-sqlite3/')));
  assert.deepEqual(heavyIn(searched.modules), []);
  // Search reads rows: the tag reader stays unloaded too.
  assert.deepEqual(
    searched.modules.filter((url) => url.includes('/node_modules/music-metadata/')),
    [],
  );
});

test('a command that needs the chain still loads it when it runs', async () => {
  // The check above would pass on a recorder that saw nothing: this one must see ethers.
  const run = await runRecorded(['wallet', '--data', join(root, 'no-wallet')]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /There is no wallet at/);
  assert.ok(
    heavyIn(run.modules).some((url) => url.includes('/node_modules/ethers/')),
    'busker wallet ran without loading ethers',
  );
});

/** IPFS and the chain client, which `busker serve` loads only when there is something for them to do. */
const marketPackage = /\/node_modules\/(helia|@helia\/[^/]+|libp2p|@libp2p\/[^/]+|ethers)\//;
const ipfsPackage = /\/node_modules\/(helia|@helia\/[^/]+|libp2p|@libp2p\/[^/]+)\//;

/**
 * Runs `busker serve` recorded: once it printed its URL, `use` calls its API; then SIGTERM stops it
 * and the modules it loaded are read.
 */
async function serveRecorded(
  args: string[],
  use: (
    call: (method: string, ...callArgs: unknown[]) => Promise<unknown>,
    output: () => string,
  ) => Promise<void>,
): Promise<RecordedRun> {
  runs += 1;
  const record = join(root, `modules-${runs}.txt`);
  const child = spawn(process.execPath, ['--import', recorder, cli, 'serve', ...args], {
    env: { ...process.env, BUSKER_RECORD_MODULES: record, XDG_DATA_HOME: join(root, 'xdg') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout);
        if (match) resolve(new URL(match[0]));
      });
      void closed.then(() => reject(new Error(`serve exited before its URL: ${stdout}${stderr}`)));
    });
    const call = async (method: string, ...callArgs: unknown[]) => {
      const reply = await fetch(new URL(`/api/call/${method}`, url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${url.searchParams.get('token')}`,
        },
        body: JSON.stringify(callArgs),
      });
      const body = (await reply.json()) as { result?: unknown; error?: unknown };
      assert.equal(reply.status, 200, `${method}: ${JSON.stringify(body)}`);
      return body.result;
    };
    await use(call, () => stdout + stderr);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await closed;
  const modules = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
  return { code, stdout, stderr, modules };
}

async function waitFor(output: () => string, pattern: RegExp): Promise<void> {
  while (!pattern.test(output())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('busker serve', () => {
  let dataDir: string;
  let noNetwork: string[];
  before(async () => {
    dataDir = join(root, 'serve-data');
    noNetwork = ['--data', dataDir, '--network', join(root, 'no-network.json')];
  });

  test('without a network: the library answers, and neither IPFS nor the chain client loads', async () => {
    const run = await serveRecorded(noNetwork, async (call, output) => {
      const page = (await call('listTracks', { offset: 0, limit: 50 })) as { total: number };
      assert.equal(page.total, 0);
      // Said once the page has shown the library: the point where the market used to start.
      await waitFor(output, /Not connected to a network: join one in the browser/);
    });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /IPFS peer address/);
    assert.deepEqual(
      run.modules.filter((url) => marketPackage.test(url)),
      [],
    );
    // Nothing was imported or uploaded: the tag reader (music-metadata, ~18 MB) stays unloaded.
    assert.deepEqual(
      run.modules.filter((url) => url.includes('/node_modules/music-metadata/')),
      [],
    );
  });

  test('without a network, a market call loads the chain client and still no IPFS', async () => {
    const run = await serveRecorded(noNetwork, async (call) => {
      const wallet = (await call('walletState')) as { status: string; network: unknown };
      assert.equal(wallet.status, 'none');
      assert.equal(wallet.network, null);
    });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.modules.some((url) => url.includes('/node_modules/ethers/')),
      'the market never loaded',
    );
    assert.deepEqual(
      run.modules.filter((url) => ipfsPackage.test(url)),
      [],
    );
  });

  test('with a network, the IPFS node starts with the market and serve prints its address', async () => {
    // A local network whose chain does not answer: the node starts all the same, to serve peers.
    const networkFile = await writeUnansweringNetworkFile(join(root, 'network.json'));
    const run = await serveRecorded(
      ['--data', join(root, 'serve-network'), '--network', networkFile],
      async (call, output) => {
        await call('listTracks', { offset: 0, limit: 50 });
        await waitFor(output, /IPFS peer address: \/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.modules.some((url) => ipfsPackage.test(url)),
      'no IPFS node started',
    );
    assert.ok(
      run.modules.some((url) => url.includes('/node_modules/ethers/')),
      'the market never loaded',
    );
  });
});
