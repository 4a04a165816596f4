import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Wallet } from 'ethers';
import { keyServerDomain } from '../core/chain/keyServerTypedData';
import { EnvelopeError, generateX25519KeyPair, openEnvelope } from '../core/crypto/envelope';
import { domainSeparator } from './eip712';
import { inlineRequestCrypto, WorkerRequestCrypto } from './requestCrypto';
import type { SignedRequest } from './requestCrypto';
import { crashSignature } from './testing/crashingCryptoWorker';
import { signedBodies } from './testing/signedBodies';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;
const domain = keyServerDomain(31337, `0x${'12'.repeat(20)}`);
const separator = domainSeparator(domain);

test('crypto threads recover the same signers as the event loop, and null for a bad signature', async () => {
  const wallet = new Wallet(hex(32));
  const { deposit, unlock } = await signedBodies(wallet, domain, new Wallet(hex(32)).address);
  const cases: [SignedRequest, string][] = [
    [{ kind: 'deposit', message: deposit.deposit }, deposit.signature],
    [{ kind: 'unlock', message: unlock.unlock }, unlock.signature],
    [{ kind: 'unlock', message: { ...unlock.unlock, trackId: 6n } }, unlock.signature],
    [{ kind: 'unlock', message: unlock.unlock }, `0x${'11'.repeat(65)}`],
  ];
  const pool = new WorkerRequestCrypto(2);
  try {
    const pooled = await Promise.all(
      cases.map(([request, signature]) => pool.recoverSigner(separator, request, signature)),
    );
    const inline = await Promise.all(
      cases.map(([request, signature]) => inlineRequestCrypto.recoverSigner(separator, request, signature)),
    );
    assert.deepEqual(pooled, inline);
    assert.equal(pooled[0], wallet.address.toLowerCase());
    assert.equal(pooled[1], wallet.address.toLowerCase());
    assert.notEqual(pooled[2], wallet.address.toLowerCase(), 'a changed message recovers someone else');
    assert.equal(pooled[3], null);
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.recoverSigner(separator, cases[0]![0], cases[0]![1]), /closed/);
});

test('crypto threads seal a key that opens for the recipient only, and leave the caller its key', async () => {
  const recipient = generateX25519KeyPair();
  const contentKey = randomBytes(32);
  const context = `31337:0x${'ab'.repeat(20)}:7`;
  const pool = new WorkerRequestCrypto(1);
  try {
    const envelopes = await Promise.all([
      pool.seal(contentKey, recipient.publicKey, context),
      pool.seal(contentKey, recipient.publicKey, context),
    ]);
    for (const envelope of envelopes) {
      assert.deepEqual(openEnvelope(envelope, recipient.privateKey, context), contentKey);
      assert.throws(() => openEnvelope(envelope, recipient.privateKey, `${context}0`), EnvelopeError);
    }
    assert.notDeepEqual(envelopes[0], envelopes[1], 'each envelope has its own ephemeral key');
    assert.equal(contentKey.length, 32, "the caller's key was copied, not moved");
    // A low-order point is refused in the thread as on the event loop, as an EnvelopeError.
    await assert.rejects(pool.seal(contentKey, Buffer.alloc(32), context), EnvelopeError);
    await assert.rejects(inlineRequestCrypto.seal(contentKey, Buffer.alloc(32), context), EnvelopeError);
    // A malformed key is a failure of ours, not the recipient's: a plain Error.
    await assert.rejects(pool.seal(contentKey.subarray(0, 16), recipient.publicKey, context), (error) => {
      assert.ok(!(error instanceof EnvelopeError));
      return true;
    });
  } finally {
    await pool.close();
  }
});

test('a crypto thread that dies fails its jobs and is replaced; one that cannot start is not retried', async () => {
  const wallet = new Wallet(hex(32));
  const { unlock } = await signedBodies(wallet, domain);
  const request: SignedRequest = { kind: 'unlock', message: unlock.unlock };
  const crashing = new WorkerRequestCrypto(1, new URL('./testing/crashingCryptoWorker.ts', import.meta.url));
  try {
    const [crashed, alongside] = await Promise.allSettled([
      crashing.recoverSigner(separator, request, crashSignature),
      crashing.recoverSigner(separator, request, unlock.signature),
    ]);
    assert.equal(crashed.status, 'rejected');
    assert.equal(alongside.status, 'rejected', 'the jobs the thread held fail with it');
    assert.equal(
      await crashing.recoverSigner(separator, request, unlock.signature),
      wallet.address.toLowerCase(),
    );
  } finally {
    await crashing.close();
  }

  const missing = new WorkerRequestCrypto(2, new URL('./testing/noSuchWorker.ts', import.meta.url));
  try {
    // Jobs fail while the threads fail to load; once both have, every job is refused at once, saying why.
    const refusal = () =>
      missing.recoverSigner(separator, request, unlock.signature).then(
        () => 'recovered',
        (error: Error) => error.message,
      );
    let message = await refusal();
    for (let attempt = 0; attempt < 100 && !message.startsWith('No key server'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      message = await refusal();
    }
    assert.match(message, /No key server crypto thread could start: .*noSuchWorker/);
  } finally {
    await missing.close();
  }
});
