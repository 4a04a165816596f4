// What every signed request is checked for before it is served: the recipient key, the deadline,
// the EIP-712 domain, and the shape of the body.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyServerDomain } from '../../protocol/keyServerTypedData';
import { inlineRequestCrypto } from '../requestCrypto';
import type { RequestCrypto } from '../requestCrypto';
import { freshNonce, nowSeconds } from './keyServerHarness';
import type { KeyServerApiWorld } from './keyServerApiWorld';
import { assertRefused, countCalls, flipChecksum } from './keyServerApiWorld';

export function requestCheckTests(api: KeyServerApiWorld): void {
  test('a low-order recipientKey is 400 before any signature recovery, nonce use or chain call', async () => {
    const { harness, server, listener, trackA0, listenerKeys } = api;
    let recoveries = 0;
    let chainCalls = 0;
    const countingCrypto: RequestCrypto = {
      recoverSigner: (...args) => {
        recoveries += 1;
        return inlineRequestCrypto.recoverSigner(...args);
      },
      recoverAndSeal: (...args) => {
        recoveries += 1;
        return inlineRequestCrypto.recoverAndSeal(...args);
      },
      close: async () => undefined,
    };
    const watched = await harness.startServer({
      store: server.vault.store,
      crypto: countingCrypto,
      wrapChain: (chain) => countCalls(chain, () => (chainCalls += 1)),
    });
    try {
      const nonce = freshNonce();
      // Properly signed by the listener (who has a confirmed tip), so only the key is wrong.
      for (const recipientKey of [
        `0x${'00'.repeat(32)}`,
        `0x${'01'.padEnd(62, '0')}80`, // the point 1 with the ignored top bit set
        '0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', // of order 8
        `0x${'ec'}${'ff'.repeat(30)}7f`, // p - 1
      ]) {
        const body = await harness.unlockRequest(listener, trackA0, listenerKeys, { recipientKey, nonce });
        const answer = await watched.post('/v1/unlock', body);
        assertRefused(answer, 400, 'BAD_REQUEST');
        assert.match((answer.body.error as { message: string }).message, /"unlock\.recipientKey"/);
      }
      assert.equal(recoveries, 0, 'no signer was recovered');
      assert.equal(chainCalls, 0, 'the chain was not asked');
      // The nonce was not spent: the same nonce with the app's real key unlocks.
      const good = await harness.unlockRequest(listener, trackA0, listenerKeys, { nonce });
      const answer = await watched.post('/v1/unlock', good);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(recoveries, 1);
      assertRefused(await watched.post('/v1/unlock', good), 409, 'NONCE_REUSED');
    } finally {
      await watched.close();
    }
  });

  test('an expired deadline is 410 EXPIRED; one more than 600 s ahead is 400 BAD_REQUEST', async () => {
    const { harness, server, owner, listener, trackA0, listenerKeys } = api;
    for (const deadline of [nowSeconds() - 1, nowSeconds() - 3600]) {
      const body = await harness.unlockRequest(listener, trackA0, listenerKeys, {
        deadline: String(deadline),
      });
      assertRefused(await server.post('/v1/unlock', body), 410, 'EXPIRED');
    }
    const tooFar = await harness.unlockRequest(listener, trackA0, listenerKeys, {
      deadline: String(nowSeconds() + 700),
    });
    assertRefused(await server.post('/v1/unlock', tooFar), 400, 'BAD_REQUEST');
    const expiredDeposit = await harness.depositRequest(owner, {
      ...trackA0,
      envelope: harness.envelopeFor(server, trackA0),
      deadline: String(nowSeconds() - 5),
    });
    assertRefused(await server.post('/v1/keys', expiredDeposit), 410, 'EXPIRED');
    const tooFarDeposit = await harness.depositRequest(owner, {
      ...trackA0,
      envelope: harness.envelopeFor(server, trackA0),
      deadline: String(nowSeconds() + 700),
    });
    const refusedDeposit = await server.post('/v1/keys', tooFarDeposit);
    assertRefused(refusedDeposit, 400, 'BAD_REQUEST');
    assert.match((refusedDeposit.body.error as { message: string }).message, /too far ahead: at most 600 s/);
    const nearlyMaxDeposit = await harness.depositRequest(owner, {
      ...trackA0,
      envelope: harness.envelopeFor(server, trackA0),
      deadline: String(nowSeconds() + 590),
    });
    assert.equal((await server.post('/v1/keys', nearlyMaxDeposit)).status, 201);
    const nearlyMax = await harness.unlockRequest(listener, trackA0, listenerKeys, {
      deadline: String(nowSeconds() + 590),
    });
    assert.equal((await server.post('/v1/unlock', nearlyMax)).status, 200);
  });

  test('a signature over another chain id or another factory is 401 BAD_SIGNATURE', async () => {
    const { harness, server, owner, listener, stranger, trackA0, listenerKeys } = api;
    const factory = harness.fixture.deployment.factory;
    for (const domain of [keyServerDomain(1, factory), keyServerDomain(harness.chainId, stranger.address)]) {
      const body = await harness.unlockRequest(listener, trackA0, listenerKeys, {}, domain);
      assertRefused(await server.post('/v1/unlock', body), 401, 'BAD_SIGNATURE');
      const depositBody = await harness.depositRequest(
        owner,
        { ...trackA0, envelope: harness.envelopeFor(server, trackA0) },
        domain,
      );
      assertRefused(await server.post('/v1/keys', depositBody), 401, 'BAD_SIGNATURE');
    }
  });

  test('malformed and oversized bodies are 400 BAD_REQUEST in the protocol error shape', async () => {
    const { harness, server, listener, trackA0, listenerKeys } = api;
    const valid = await harness.unlockRequest(listener, trackA0, listenerKeys);
    const cases: [string, unknown, Record<string, string>?][] = [
      ['not JSON', '{"unlock": '],
      ['empty', ''],
      ['an array', '[]'],
      ['no signature', { unlock: valid.unlock }],
      ['an unknown field', { ...valid, extra: 1 }],
      ['an unknown inner field', { ...valid, unlock: { ...valid.unlock, price: '1' } }],
      ['a number for a decimal string', { ...valid, unlock: { ...valid.unlock, trackId: 0 } }],
      ['a leading zero', { ...valid, unlock: { ...valid.unlock, trackId: '00' } }],
      ['a negative id', { ...valid, unlock: { ...valid.unlock, trackId: '-1' } }],
      [
        'a track id past uint256',
        { ...valid, unlock: { ...valid.unlock, trackId: (1n << 256n).toString() } },
      ],
      ['a deadline past uint64', { ...valid, unlock: { ...valid.unlock, deadline: (1n << 64n).toString() } }],
      ['a short nonce', { ...valid, unlock: { ...valid.unlock, nonce: '0x1234' } }],
      ['a bad address', { ...valid, unlock: { ...valid.unlock, artist: '0x1234' } }],
      ['a bad checksum', { ...valid, unlock: { ...valid.unlock, listener: flipChecksum(listener.address) } }],
      ['a short signature', { ...valid, signature: valid.signature.slice(0, 100) }],
      ['a prototype key', '{"__proto__": {"x": 1}, "unlock": {}, "signature": "0x"}'],
      ['text instead of JSON', 'hello', { 'content-type': 'text/plain' }],
      ['an oversized body', { ...valid, padding: 'x'.repeat(5000) }],
    ];
    for (const [what, body, headers] of cases) {
      const answer = await server.post('/v1/unlock', body, headers);
      assert.equal(answer.status, 400, `${what}: ${answer.status} ${answer.text}`);
      assertRefused(answer, 400, 'BAD_REQUEST');
    }
    const oversizedDeposit = await server.post('/v1/keys', { deposit: {}, signature: 'x'.repeat(5000) });
    assertRefused(oversizedDeposit, 400, 'BAD_REQUEST');
    assert.match((oversizedDeposit.body.error as { message: string }).message, /larger than 4096 bytes/);
    assertRefused(await server.get('/v1/nothing'), 404, 'NOT_FOUND');
    // The valid body was never sent, so it still works.
    assert.equal((await server.post('/v1/unlock', valid)).status, 200);
  });
}
