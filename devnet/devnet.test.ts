import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DevnetAlreadyRunningError, describeDevnet, startDevnet } from './devnet';
import { readDevnetLock } from './devnetLock';
import { readNetworkFile } from '../protocol/networkFile';
import { createProvider } from '../protocol/rpcProvider';

let folder: string;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'busker-devnet-'));
});
after(() => rmSync(folder, { recursive: true, force: true }));

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('devnet', () => {
  test('deploys the factory, writes the network file, mines on its own, and stops cleanly', async () => {
    const networkFile = join(folder, 'one', 'network.json');
    const devnet = await startDevnet({ networkFile });
    const lockFile = `${networkFile}.lock`;
    try {
      const network = await readNetworkFile(networkFile);
      assert.deepEqual(network, devnet.network);
      assert.equal(network.chainId, 31337);
      assert.match(network.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(readDevnetLock(lockFile)?.pid, process.pid);
      assert.equal(readDevnetLock(lockFile)?.rpcUrl, network.rpcUrl);

      const provider = createProvider(network.rpcUrl, { chainId: network.chainId });
      try {
        assert.notEqual(await provider.getCode(network.factory), '0x', 'the factory has code');
        // Blocks come with nobody sending transactions: wait for the head to pass the deployment.
        const deployedAt = network.factoryBlock ?? 0;
        await new Promise<void>((resolve) => {
          const onBlock = (blockNumber: number): void => {
            if (blockNumber <= deployedAt) return;
            void provider.off('block', onBlock);
            resolve();
          };
          void provider.on('block', onBlock);
        });
      } finally {
        provider.destroy();
      }

      const banner = describeDevnet(devnet);
      assert.match(banner, /DEV ONLY/);
      assert.ok(devnet.accounts.every((account) => banner.includes(account.privateKey)));
      assert.ok(banner.includes(networkFile));
    } finally {
      await devnet.stop();
    }
    assert.equal(existsSync(lockFile), false, 'the lock file is removed');
    assert.equal(await rpcAnswers(devnet.network.rpcUrl), false, 'anvil is stopped');
    await devnet.stop(); // twice is harmless
  });

  test('a second devnet on the same network file reports the running one', async () => {
    const networkFile = join(folder, 'two', 'network.json');
    const devnet = await startDevnet({ networkFile });
    try {
      await assert.rejects(startDevnet({ networkFile }), (error: unknown) => {
        assert.ok(error instanceof DevnetAlreadyRunningError);
        assert.equal(error.pid, process.pid);
        assert.equal(error.rpcUrl, devnet.network.rpcUrl);
        assert.equal(
          error.message,
          `A Busker devnet is already running (pid ${process.pid}, rpc ${devnet.network.rpcUrl}); ` +
            'stop it with Ctrl-C in its terminal.',
        );
        return true;
      });
      // The refused start touched neither the lock nor the running chain.
      assert.equal(readDevnetLock(`${networkFile}.lock`)?.rpcUrl, devnet.network.rpcUrl);
      assert.equal(await rpcAnswers(devnet.network.rpcUrl), true);
    } finally {
      await devnet.stop();
    }
  });

  test('a stale lock (its devnet died) or an unreadable one is taken over', async () => {
    for (const [name, content] of [
      ['stale', JSON.stringify({ pid: deadPid(), rpcUrl: 'http://127.0.0.1:1', startedAt: 'earlier' })],
      ['garbled', '{"pid": 12'],
    ] as const) {
      const networkFile = join(folder, name, 'network.json');
      mkdirSync(join(folder, name));
      writeFileSync(`${networkFile}.lock`, content);
      const devnet = await startDevnet({ networkFile });
      try {
        assert.equal(readDevnetLock(`${networkFile}.lock`)?.pid, process.pid, name);
      } finally {
        await devnet.stop();
      }
    }
  });
});
