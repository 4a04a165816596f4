// Rate limits on unlocks and deposits: per IP before the body is read, per address once signed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answer, ServerOptions, TestServer } from './keyServerHarness';
import type { KeyServerApiWorld } from './keyServerApiWorld';
import { assertRefused } from './keyServerApiWorld';

/** A refusal for the limit that tells the client when to try again. */
function assertRateLimited(answer: Answer): void {
  assertRefused(answer, 429, 'RATE_LIMITED');
  assert.ok(Number(answer.headers.get('retry-after')) > 0);
}

/** Runs `check` on a server of the same store with these limits, and closes it. */
async function withLimits(
  api: KeyServerApiWorld,
  rateLimits: ServerOptions['rateLimits'],
  check: (server: TestServer) => Promise<void>,
): Promise<void> {
  const server = await api.harness.startServer({ store: api.server.vault.store, rateLimits });
  try {
    await check(server);
  } finally {
    await server.close();
  }
}

export function rateLimitTests(api: KeyServerApiWorld): void {
  test('rate limits: per IP before the body is read, per address after the signature is checked', async () => {
    const { harness, listener, stranger, trackA0, listenerKeys, unlock } = api;
    await withLimits(api, { perIp: 3 }, async (byIp) => {
      for (let index = 0; index < 3; index += 1) assert.equal((await byIp.get('/v1/info')).status, 200);
      const limited = await byIp.post('/v1/unlock', '{"not even": "parsed"}');
      assertRateLimited(limited);
      assert.equal((await byIp.get('/v1/health')).status, 200, 'health is never limited');
    });

    await withLimits(api, { perAddress: 2 }, async (byAddress) => {
      assert.equal((await unlock(listener, trackA0, byAddress)).status, 200);
      assert.equal((await unlock(listener, trackA0, byAddress)).status, 200);
      const limited = await unlock(listener, trackA0, byAddress);
      assertRateLimited(limited);
      // Someone else naming the limited listener cannot use up (or be counted in) its allowance.
      const forged = await harness.unlockRequest(stranger, trackA0, listenerKeys, {
        listener: listener.address,
      });
      assertRefused(await byAddress.post('/v1/unlock', forged), 401, 'BAD_SIGNATURE');
      assertRefused(await unlock(stranger, trackA0, byAddress), 402, 'TIP_REQUIRED');
    });
  });

  test('rate limits apply to deposits: per IP, and per signing owner', async () => {
    const { harness, server, owner, otherOwner, stranger, trackA0, trackA1, trackB0, deposit, unlock } = api;
    await withLimits(api, { perIp: 2 }, async (byIp) => {
      assert.equal((await deposit(owner, trackA0, undefined, byIp)).status, 201);
      assert.equal((await byIp.get('/v1/info')).status, 200);
      const limited = await deposit(owner, trackA0, undefined, byIp);
      assertRateLimited(limited);
    });

    await withLimits(api, { perAddress: 2 }, async (byAddress) => {
      assert.equal((await deposit(owner, trackA0, undefined, byAddress)).status, 201);
      assert.equal((await deposit(owner, trackA1, undefined, byAddress)).status, 201);
      const limited = await deposit(owner, trackA0, undefined, byAddress);
      assertRateLimited(limited);
      assert.ok((limited.body.retryAfterSeconds as number) > 0);
      // Deposits and unlocks share the owner's allowance: its unlocks are limited too.
      assertRefused(await unlock(owner, trackA0, byAddress), 429, 'RATE_LIMITED');
      // Someone else signing for the owner's artist spends only their own allowance.
      assertRefused(await deposit(stranger, trackA0, undefined, byAddress), 401, 'BAD_SIGNATURE');
      assert.equal((await deposit(otherOwner, trackB0, undefined, byAddress)).status, 201);
      // A refusal for the limit spends no nonce: the same body is accepted once the limit allows.
      const body = await harness.depositRequest(owner, {
        ...trackA0,
        envelope: harness.envelopeFor(server, trackA0),
      });
      assertRefused(await byAddress.post('/v1/keys', body), 429, 'RATE_LIMITED');
      assert.equal((await server.post('/v1/keys', body)).status, 201, 'the nonce is still unspent');
    });
  });
}
