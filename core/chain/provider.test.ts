import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAnvil } from '../../devnet/anvilProcess';
import type { AnvilNode } from '../../devnet/anvilProcess';
import { assertChainId, createProvider, isLoopbackUrl } from '../../protocol/rpcProvider';
import { recordRpcCalls } from './rpcCallLog';
import { startSilentNode } from '../../testkit/silentNode';

let node: AnvilNode;
before(async () => {
  node = await startAnvil();
});
after(() => node.stop());

describe('provider', () => {
  test('tells loopback URLs from remote ones', () => {
    for (const url of [
      'http://127.0.0.1:8545',
      'http://localhost:8545',
      'ws://[::1]:8546',
      'http://127.1.2.3',
    ]) {
      assert.equal(isLoopbackUrl(url), true, url);
    }
    for (const url of ['https://rpc.example.org', 'http://10.0.0.2:8545', 'http://128.0.0.1', 'not a url']) {
      assert.equal(isLoopbackUrl(url), false, url);
    }
  });

  test('polls fast on loopback, gently elsewhere, or as told', () => {
    const local = createProvider('http://127.0.0.1:1', { chainId: 1 });
    const remote = createProvider('https://rpc.example.org', { chainId: 1 });
    const tuned = createProvider('https://rpc.example.org', { chainId: 1, pollingIntervalMs: 1_000 });
    try {
      assert.equal(local.pollingInterval, 250);
      assert.equal(remote.pollingInterval, 4_000);
      assert.equal(tuned.pollingInterval, 1_000);
    } finally {
      for (const provider of [local, remote, tuned]) provider.destroy();
    }
  });

  test('with a chain id, it never asks the node for one', async () => {
    const provider = createProvider(node.rpcUrl, { chainId: 31337 });
    const calls = await recordRpcCalls(provider);
    try {
      await provider.getBlockNumber();
      await provider.getBalance(node.accounts[0]?.address ?? '');
      await provider.getBlockNumber();
      assert.deepEqual(
        calls.calls.map((call) => call.method),
        ['eth_blockNumber', 'eth_getBalance', 'eth_blockNumber'],
      );
    } finally {
      calls.stop();
      provider.destroy();
    }
  });

  test('without one, it asks once and keeps the answer', async () => {
    const provider = createProvider(node.rpcUrl);
    const calls = await recordRpcCalls(provider);
    try {
      for (let index = 0; index < 3; index += 1) await provider.getBlockNumber();
      assert.equal((await provider.getNetwork()).chainId, 31337n);
      assert.equal(calls.of('eth_chainId').length, 1);
    } finally {
      calls.stop();
      provider.destroy();
    }
  });

  test('assertChainId catches a network file that names the wrong chain', async () => {
    const wrong = createProvider(node.rpcUrl, { chainId: 1 });
    const right = createProvider(node.rpcUrl, { chainId: 31337 });
    try {
      await assert.rejects(assertChainId(wrong, 1), /serves chain 31337, not chain 1/);
      await assertChainId(right, 31337);
    } finally {
      wrong.destroy();
      right.destroy();
    }
  });

  test('a node that accepts and never answers fails each call at its deadline, socket closed', async () => {
    const silent = await startSilentNode();
    const provider = createProvider(silent.url, { chainId: 31337, timeoutMs: 500 });
    try {
      const started = Date.now();
      await assert.rejects(provider.getBlockNumber(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'TIMEOUT');
        assert.match(error.message, /The node at 127\.0\.0\.1:\d+ did not answer within 0\.5 s\./);
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 450 && elapsed < 3_000, `failed after ${elapsed} ms`);
      // The abandoned call's socket is closed, so a dead node does not collect them (fetch may open
      // one spare connection, which it drops when idle for 4 s).
      for (let waited = 0; silent.openConnections() > 0 && waited < 8_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(silent.openConnections(), 0);
    } finally {
      provider.destroy();
      await silent.close();
    }
  });

  test('a deadline set for a call does not cut off a node that answers in time', async () => {
    const provider = createProvider(node.rpcUrl, { chainId: 31337, timeoutMs: 2_000 });
    try {
      assert.equal(typeof (await provider.getBlockNumber()), 'number');
      await provider.send('evm_mine', []);
      assert.ok((await provider.getBlockNumber()) >= 1);
    } finally {
      provider.destroy();
    }
  });
});
