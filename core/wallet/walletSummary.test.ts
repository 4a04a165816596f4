import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseEther, Wallet } from 'ethers';
import type { AnvilNode } from '../../devnet/anvilProcess';
import { startAnvil } from '../../devnet/anvilProcess';
import { createProvider } from '../../protocol/rpcProvider';
import { walletSummary } from './walletSummary';

let node: AnvilNode;

before(async () => {
  node = await startAnvil();
});

after(async () => {
  await node.stop();
});

test('the summary shows the balance and network a real node reports', async () => {
  const provider = createProvider(node.rpcUrl);
  try {
    const fresh = Wallet.createRandom();
    const empty = await walletSummary(provider, fresh.address.toLowerCase());
    assert.deepEqual(empty, {
      address: fresh.address,
      balanceWei: 0n,
      chainId: 31337,
      networkName: 'local development network',
    });

    const funder = new Wallet(node.accounts[0]?.privateKey ?? '', provider);
    await (await funder.sendTransaction({ to: fresh.address, value: parseEther('1.5') })).wait();
    const funded = await walletSummary(provider, fresh.address);
    assert.equal(funded.balanceWei, parseEther('1.5'));
  } finally {
    provider.destroy();
  }
});
