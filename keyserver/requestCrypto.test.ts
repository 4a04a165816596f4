import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Wallet } from 'ethers';
import { keyServerDomain, signUnlockRequest } from '../protocol/keyServerTypedData';
import { EnvelopeError, generateX25519KeyPair, openEnvelope } from '../protocol/envelope';
import { domainSeparator } from './eip712';
import { inlineRequestCrypto, WorkerRequestCrypto } from './requestCrypto';
import type { SignedRequest } from './requestCrypto';
import { crashSignature } from './testing/crashingCryptoWorker';
import { signedBodies } from './testing/signedBodies';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;
const domain = keyServerDomain(31337, `0x${'12'.repeat(20)}`);
const separator = domainSeparator(domain);
const crashingWorker = new URL('./testing/crashingCryptoWorker.ts', import.meta.url);

test('crypto threads recover the same signers as the event loop, and null for a bad signature', async () => {
  const wallet = new Wallet(hex(32));
  const { deposit, unlock } = await signedBodies(wallet, domain, new Wallet(hex(32)).address);
  const cases: [SignedRequest, string][] = [
    [{ kind: 'deposit', message: deposit.deposit }, deposit.signature],
    [{ kind: 'unlock', message: unlock.unlock }, unlock.signature],
    [{ kind: 'unlock', message: { ...unlock.unlock, trackId: 6n } }, unlock.signature],
    [{ kind: 'unlock', message: unlock.unlock }, `0x${'11'.repeat(65)}`],
  ];
  const pool = new WorkerRequestCrypto(2, { inlineWhenIdle: false });
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
    // Closing lets the threads finish the jobs they hold, rather than cutting them off.
    const inFlight = cases.map(([request, signature]) => pool.recoverSigner(separator, request, signature));
    await pool.close();
    assert.deepEqual(await Promise.all(inFlight), pooled);
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.recoverSigner(separator, cases[0]![0], cases[0]![1]), /closed/);
});

test('an unlock is sealed to its recipient only when its listener signed it, in threads as on the event loop', async () => {
  const listener = new Wallet(hex(32));
  const recipient = generateX25519KeyPair();
  const contentKey = randomBytes(32);
  const context = `31337:0x${'ab'.repeat(20)}:5`;
  const { unlock } = await signedBodies(
    listener,
    domain,
    undefined,
    `0x${recipient.publicKey.toString('hex')}`,
  );
  const { unlock: byOther } = await signedBodies(new Wallet(hex(32)), domain);
  const lowOrder = await signUnlockRequest(listener, domain, {
    artist: listener.address,
    trackId: '5',
    listener: listener.address,
    recipientKey: `0x${'00'.repeat(32)}`,
    nonce: hex(32),
    deadline: String(Math.floor(Date.now() / 1000) + 60),
  });
  const lowOrderUnlock = {
    ...unlock.unlock,
    ...lowOrder.unlock,
    trackId: 5n,
    deadline: BigInt(lowOrder.unlock.deadline),
  };

  const threads = new WorkerRequestCrypto(2, { inlineWhenIdle: false });
  const idleThreads = new WorkerRequestCrypto(1);
  try {
    for (const [where, crypto] of [
      ['threads', threads],
      ['event loop', inlineRequestCrypto],
      ['idle threads', idleThreads],
    ] as const) {
      const [sealed, again, noKey, otherSigner] = await Promise.all([
        crypto.recoverAndSeal(separator, unlock.unlock, unlock.signature, contentKey, context),
        crypto.recoverAndSeal(separator, unlock.unlock, unlock.signature, contentKey, context),
        crypto.recoverAndSeal(separator, unlock.unlock, unlock.signature, null, context),
        // Signed by someone, but the unlock names another listener: nothing is sealed.
        crypto.recoverAndSeal(separator, unlock.unlock, byOther.signature, contentKey, context),
      ]);
      assert.equal(sealed.signer, listener.address.toLowerCase(), where);
      assert.deepEqual(openEnvelope(sealed.envelope!, recipient.privateKey, context), contentKey, where);
      assert.throws(() => openEnvelope(sealed.envelope!, recipient.privateKey, `${context}0`), EnvelopeError);
      assert.notDeepEqual(
        sealed.envelope,
        again.envelope,
        `${where}: each envelope has its own ephemeral key`,
      );
      assert.deepEqual(noKey, { signer: listener.address.toLowerCase(), envelope: null }, where);
      assert.equal(otherSigner.envelope, null, where);
      assert.ok(otherSigner.signer !== null && otherSigner.signer !== listener.address.toLowerCase(), where);
      assert.equal(
        contentKey.some((byte) => byte !== 0),
        true,
        `${where}: the caller's key was copied, not wiped`,
      );

      // A low-order point is refused as an EnvelopeError; a malformed content key is a plain Error.
      await assert.rejects(
        crypto.recoverAndSeal(separator, lowOrderUnlock, lowOrder.signature, contentKey, context),
        EnvelopeError,
      );
      await assert.rejects(
        crypto.recoverAndSeal(
          separator,
          unlock.unlock,
          unlock.signature,
          contentKey.subarray(0, 16),
          context,
        ),
        (error) => {
          assert.ok(!(error instanceof EnvelopeError), where);
          return true;
        },
      );
    }
  } finally {
    await threads.close();
    await idleThreads.close();
  }
});

test('a crypto thread that dies fails its jobs and is replaced; one that cannot start is not retried', async () => {
  const wallet = new Wallet(hex(32));
  const { unlock } = await signedBodies(wallet, domain);
  const request: SignedRequest = { kind: 'unlock', message: unlock.unlock };
  const crashing = new WorkerRequestCrypto(1, { workerUrl: crashingWorker, inlineWhenIdle: false });
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

  const missing = new WorkerRequestCrypto(2, {
    workerUrl: new URL('./testing/noSuchWorker.ts', import.meta.url),
    inlineWhenIdle: false,
  });
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

test('a job that finds the threads idle and nothing else waiting runs on the event loop; jobs that come together go to the threads', async () => {
  const wallet = new Wallet(hex(32));
  const { unlock } = await signedBodies(wallet, domain);
  const request: SignedRequest = { kind: 'unlock', message: unlock.unlock };
  // The crash signature ends the thread that gets it, so where each job ran shows.
  const crashing = new WorkerRequestCrypto(1, { workerUrl: crashingWorker });
  try {
    assert.equal(
      await crashing.recoverSigner(separator, request, crashSignature),
      null,
      'alone: on the event loop',
    );
    const together = await Promise.allSettled([
      crashing.recoverSigner(separator, request, crashSignature),
      crashing.recoverSigner(separator, request, unlock.signature),
    ]);
    assert.deepEqual(
      together.map((outcome) => outcome.status),
      ['rejected', 'rejected'],
      'together: both in the thread, which crashed',
    );
    // While the thread has jobs in hand, a job that comes alone queues for it too.
    const inHand = [
      crashing.recoverSigner(separator, request, unlock.signature),
      crashing.recoverSigner(separator, request, unlock.signature),
    ];
    // This runs just after the two above were handed to the thread.
    const alone = await new Promise<PromiseSettledResult<string | null>>((resolve) =>
      setImmediate(
        () =>
          void Promise.allSettled([crashing.recoverSigner(separator, request, crashSignature)]).then(
            ([outcome]) => resolve(outcome!),
          ),
      ),
    );
    assert.equal(alone.status, 'rejected', 'queued for the busy thread, which crashed');
    await Promise.allSettled(inHand);
  } finally {
    await crashing.close();
  }
});
