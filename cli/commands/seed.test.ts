import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';
import { writeNetworkFile } from '../../protocol/networkFile';
import { runBusker } from '../testSupport/runBusker';
import { parseByteSize } from './seed';

let fixture: ContractFixture;
let folder: string;
let networkFile: string;

before(async () => {
  fixture = await startContractFixture();
  folder = await mkdtemp(join(tmpdir(), 'busker-seed-cli-'));
  networkFile = join(folder, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: 31337,
    rpcUrl: fixture.node.rpcUrl,
    factory: fixture.deployment.factory,
    factoryBlock: 0,
  });
});

after(async () => {
  await fixture?.close();
  await rm(folder, { recursive: true, force: true });
});

test('busker seed prints where it is reached, answers health, and stops cleanly on SIGTERM', async () => {
  const args = ['seed', '--network', networkFile, '--data', join(folder, 'seed'), '--port', '0'];
  args.push('--listen', '/ip4/127.0.0.1/tcp/0', '--announce', '/ip4/198.51.100.10/tcp/4001');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '..', 'busker.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const exited = once(child, 'exit');
  try {
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', () => stdout.includes('Press Ctrl+C') && resolve()),
    );
    const early = exited.then(() => assert.fail(`busker seed ended early: ${stderr}`));
    await Promise.race([ready, early]);
    // Peers are told the announced public address, with the seed's own peer id.
    const peerId = /Busker seed (12D3Koo\w+)/.exec(stdout)?.[1];
    assert.ok(peerId, stdout);
    assert.match(stdout, new RegExp(`peer +/ip4/198\\.51\\.100\\.10/tcp/4001/p2p/${peerId}`));
    const pinning = /pinning +(http:\S+)/.exec(stdout)?.[1];
    assert.ok(pinning && pinning.endsWith('/psa'), stdout);
    const health = await fetch(pinning.replace(/\/psa$/, '/health'));
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { ok: boolean }).ok, true);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Seed stopped/);
});

test('busker seed refuses sizes it cannot read and says why', async () => {
  const run = await runBusker(['seed', '--network', networkFile, '--disk-limit', 'lots']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--disk-limit must be a size such as 500M/);
  assert.equal(parseByteSize('20G', 'x'), 20 * 1024 ** 3);
  assert.equal(parseByteSize('1.5MiB', 'x'), 1.5 * 1024 ** 2);
});

test('busker seed without a network file says so in words', async () => {
  const run = await runBusker(['seed', '--network', join(folder, 'missing.json')]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /busker seed: No network file at/);
});

test('busker seed with an unreadable pinning token file says so and does not start', async () => {
  const run = await runBusker([
    'seed',
    '--network',
    networkFile,
    '--pin-token-file',
    join(folder, 'no-such-token'),
  ]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /busker seed: The pinning token file .* cannot be read/);
});
