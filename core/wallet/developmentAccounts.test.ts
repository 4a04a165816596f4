import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Wallet } from 'ethers';
import { developmentAccounts } from './developmentAccounts';

test("anvil's ten accounts are offered on chain 31337 only", () => {
  const accounts = developmentAccounts(31337);
  assert.equal(accounts.length, 10);
  assert.deepEqual(
    accounts.map((account) => account.index),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.equal(accounts[0]?.address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  for (const account of accounts) assert.equal(new Wallet(account.privateKey).address, account.address);
  assert.equal(developmentAccounts(31337n).length, 10);

  for (const chainId of [1, 11155111, 8453, 31338, 0]) assert.deepEqual(developmentAccounts(chainId), []);
});
