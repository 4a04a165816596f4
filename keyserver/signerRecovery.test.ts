import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Wallet } from 'ethers';
import { keyServerDomain } from '../core/chain/keyServerTypedData';
import { inlineSignerRecovery, WorkerSignerRecovery } from './signerRecovery';
import type { SignedRequest } from './signerRecovery';
import { signedBodies } from './testing/signedBodies';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;

test('worker threads recover the same signers as the event loop, and null for a bad signature', async () => {
  const wallet = new Wallet(hex(32));
  const domain = keyServerDomain(31337, `0x${'12'.repeat(20)}`);
  const { deposit, unlock } = await signedBodies(wallet, domain, new Wallet(hex(32)).address);
  const cases: [SignedRequest, string][] = [
    [{ kind: 'deposit', message: deposit.deposit }, deposit.signature],
    [{ kind: 'unlock', message: unlock.unlock }, unlock.signature],
    [{ kind: 'unlock', message: { ...unlock.unlock, trackId: 6n } }, unlock.signature],
    [{ kind: 'unlock', message: unlock.unlock }, `0x${'11'.repeat(65)}`],
  ];
  const pool = new WorkerSignerRecovery(2);
  try {
    const pooled = await Promise.all(
      cases.map(([request, signature]) => pool.recover(domain, request, signature)),
    );
    const inline = await Promise.all(
      cases.map(([request, signature]) => inlineSignerRecovery.recover(domain, request, signature)),
    );
    assert.deepEqual(pooled, inline);
    assert.equal(pooled[0], wallet.address);
    assert.equal(pooled[1], wallet.address);
    assert.notEqual(pooled[2], wallet.address, 'a changed message recovers someone else');
    assert.equal(pooled[3], null);
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.recover(domain, cases[0]![0], cases[0]![1]), /closed/);
});
