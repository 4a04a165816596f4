import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Wallet } from 'ethers';
import { startAnvil } from './anvilProcess';
import { anvilAccounts } from '../core/wallet/developmentAccounts';

async function rpc(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: unknown };
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}

describe('startAnvil', () => {
  it('serves a loopback RPC with the ten well-known dev accounts, funded', async () => {
    const node = await startAnvil();
    try {
      assert.match(node.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(node.rpcUrl, `http://127.0.0.1:${node.port}`);
      assert.equal(await rpc(node.rpcUrl, 'eth_chainId'), '0x7a69');
      const served = (await rpc(node.rpcUrl, 'eth_accounts')) as string[];
      assert.deepEqual(
        served.map((address) => address.toLowerCase()),
        node.accounts.map((account) => account.address.toLowerCase()),
      );
      assert.equal(node.accounts.length, 10);
      assert.equal(node.accounts[0]?.address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
      for (const account of node.accounts)
        assert.equal(new Wallet(account.privateKey).address, account.address);
      assert.equal(
        BigInt((await rpc(node.rpcUrl, 'eth_getBalance', [node.accounts[9]?.address, 'latest'])) as string),
        10n ** 22n,
      );
    } finally {
      await node.stop();
    }
  });

  it('honours chainId and blockTime, and runs several nodes side by side', async () => {
    const [automine, timed] = await Promise.all([startAnvil(), startAnvil({ chainId: 1337, blockTime: 1 })]);
    try {
      assert.notEqual(automine.port, timed.port);
      assert.equal(await rpc(timed.rpcUrl, 'eth_chainId'), '0x539');
      assert.equal(await rpc(timed.rpcUrl, 'anvil_getAutomine'), false);
      assert.equal(await rpc(automine.rpcUrl, 'anvil_getAutomine'), true);
    } finally {
      await Promise.all([automine.stop(), timed.stop()]);
    }
  });

  it('stop() ends the process, so the port stops answering; calling it again is harmless', async () => {
    const node = await startAnvil();
    await node.stop();
    await node.stop();
    await assert.rejects(rpc(node.rpcUrl, 'eth_chainId'));
  });

  it('anvilAccounts() hands out copies', () => {
    const accounts = anvilAccounts();
    accounts[0]!.address = 'changed';
    assert.equal(anvilAccounts()[0]?.address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  });
});
