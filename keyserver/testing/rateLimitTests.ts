// Rate limits on unlocks and deposits: per IP before the body is read, per address once signed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyServerApiWorld } from './keyServerApiWorld';
import { assertRefused } from './keyServerApiWorld';

export function rateLimitTests(api: KeyServerApiWorld): void {
  test('rate limits: per IP before the body is read, per address after the signature is checked', async () => {
    const { harness, server, listener, stranger, trackA0, listenerKeys, unlock } = api;
    const byIp = await harness.startServer({ store: server.vault.store, rateLimits: { perIp: 3 } });
    try {
      for (let index = 0; index < 3; index += 1) assert.equal((await byIp.get('/v1/info')).status, 200);
      const limited = await byIp.post('/v1/unlock', '{"not even": "parsed"}');
      assertRefused(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal((await byIp.get('/v1/health')).status, 200, 'health is never limited');
    } finally {
      await byIp.close();
    }

    const byAddress = await harness.startServer({
      store: server.vault.store,
      rateLimits: { perAddress: 2 },
    });
    try {
      assert.equal((await unlock(listener, trackA0, byAddress)).status, 200);
      assert.equal((await unlock(listener, trackA0, byAddress)).status, 200);
      const limited = await unlock(listener, trackA0, byAddress);
      assertRefused(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      // Someone else naming the limited listener cannot use up (or be counted in) its allowance.
      const forged = await harness.unlockRequest(stranger, trackA0, listenerKeys, {
        listener: listener.address,
      });
      assertRefused(await byAddress.post('/v1/unlock', forged), 401, 'BAD_SIGNATURE');
      assertRefused(await unlock(stranger, trackA0, byAddress), 402, 'TIP_REQUIRED');
    } finally {
      await byAddress.close();
    }
  });

  test('rate limits apply to deposits: per IP, and per signing owner', async () => {
    const { harness, server, owner, otherOwner, stranger, trackA0, trackA1, trackB0, deposit, unlock } = api;
    const byIp = await harness.startServer({ store: server.vault.store, rateLimits: { perIp: 2 } });
    try {
      assert.equal((await deposit(owner, trackA0, undefined, byIp)).status, 201);
      assert.equal((await byIp.get('/v1/info')).status, 200);
      const limited = await deposit(owner, trackA0, undefined, byIp);
      assertRefused(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    } finally {
      await byIp.close();
    }

    const byAddress = await harness.startServer({
      store: server.vault.store,
      rateLimits: { perAddress: 2 },
    });
    try {
      assert.equal((await deposit(owner, trackA0, undefined, byAddress)).status, 201);
      assert.equal((await deposit(owner, trackA1, undefined, byAddress)).status, 201);
      const limited = await deposit(owner, trackA0, undefined, byAddress);
      assertRefused(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
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
    } finally {
      await byAddress.close();
    }
  });
}
