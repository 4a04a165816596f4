// `busker devnet` is one command to a complete local network: chain, contracts and key server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readNetworkFile } from '../../protocol/networkFile';

const entry = join(import.meta.dirname, '..', 'busker.ts');
let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-devnet-keyserver-cli-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('busker devnet starts a key server with 2 confirmations, names it, and stops it on Ctrl-C', async () => {
  const networkFile = join(root, 'network.json');
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'devnet', '--out', networkFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes('Press Ctrl-C to stop.') && resolve());
      void exited.then((code) => reject(new Error(`devnet exited (${code}): ${stderr}`)));
    });
    const network = await readNetworkFile(networkFile);
    assert.ok(network.keyServer, 'the network file names the key server');
    assert.ok(stdout.includes(`Key server    ${network.keyServer}`));
    const info = (await (await fetch(`${network.keyServer}/v1/info`)).json()) as Record<string, unknown>;
    assert.deepEqual([info.chainId, info.factory, info.confirmations], [network.chainId, network.factory, 2]);

    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    await assert.rejects(fetch(`${network.keyServer}/v1/info`), 'the key server stopped with the devnet');
  } finally {
    child.kill('SIGKILL');
  }
});
