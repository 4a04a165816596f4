// The key server's HTTP API (PROTOCOL.md §5) against a real anvil, the real contracts and a real
// server on 127.0.0.1, once per storage backend: the happy path, every refusal provoked for real,
// restarts, a stolen database, rate limits, shutdown, and logs that never hold a secret.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { getAddress } from 'ethers';
import type { Wallet } from 'ethers';
import { assertRevertsWith } from '../../testkit/contractFixture';
import { connectArtist } from '../../protocol/contracts';
import type { ArtistContract } from '../../protocol/contracts';
import { createProvider } from '../../protocol/rpcProvider';
import { envelopeContext, generateX25519KeyPair, openEnvelope, sealEnvelope } from '../../protocol/envelope';
import type { X25519KeyPair } from '../../protocol/envelope';
import { keyMatchesCommitment } from '../../protocol/keyCommitment';
import { parseNetworkDescription } from '../../protocol/networkDescription';
import { buildKeyServer } from '../app';
import { describeServedNetwork } from '../routes/network';
import type { ChainReader } from '../chainReader';
import { EthersChainReader } from '../chainReader';
import { keyServerDomain } from '../../protocol/keyServerTypedData';
import { KeyVault } from '../keyVault';
import { MasterKey, MasterKeyError } from '../masterKey';
import { inlineRequestCrypto } from '../requestCrypto';
import type { RequestCrypto } from '../requestCrypto';
import type { KeyStore } from '../store/keyStore';
import type { Answer, PublishedTrack, TestServer } from './keyServerHarness';
import { freshNonce, generousLimits, KeyServerHarness, metricValue, nowSeconds } from './keyServerHarness';
import type { TestBackend, TestDatabase } from './testDatabases';
import { startBackend } from './testDatabases';

function assertRefused(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status} ${answer.text}`);
  const error = answer.body.error as { code?: unknown; message?: unknown } | undefined;
  assert.equal(error?.code, code, answer.text);
  assert.equal(typeof error?.message, 'string');
  assert.ok((error?.message as string).length > 10, 'the message says what happened');
  assert.equal('envelope' in answer.body, false, 'a refusal releases nothing');
}

export function describeKeyServerApi(backendName: TestBackend['name']): void {
  describe(`key server API on ${backendName}`, () => {
    let backend: TestBackend;
    let harness: KeyServerHarness;
    let database: TestDatabase;
    let server: TestServer;
    let owner: Wallet;
    let otherOwner: Wallet;
    let listener: Wallet;
    let stranger: Wallet;
    let artistA: ArtistContract;
    let artistB: ArtistContract;
    let trackA0: PublishedTrack;
    let trackA1: PublishedTrack;
    let trackA2: PublishedTrack; // published, never deposited
    let trackB0: PublishedTrack;
    let listenerKeys: X25519KeyPair;

    before(async () => {
      backend = await startBackend(backendName);
      harness = await KeyServerHarness.start();
      [owner, otherOwner, listener, stranger] = [1, 2, 3, 4].map((index) => harness.wallet(index)) as [
        Wallet,
        Wallet,
        Wallet,
        Wallet,
      ];
      artistA = await harness.fixture.createArtist(owner, 'Artist A');
      artistB = await harness.fixture.createArtist(otherOwner, 'Artist B');
      trackA0 = await harness.publish(artistA);
      trackA1 = await harness.publish(artistA);
      trackA2 = await harness.publish(artistA);
      trackB0 = await harness.publish(artistB);
      database = await backend.createDatabase();
      server = await harness.startServer({ store: await database.open(), ownsStore: true });
      listenerKeys = harness.listenerKeys();
    });
    after(async () => {
      await harness?.close();
      await backend?.stop();
    });

    const deposit = async (
      signer: Wallet,
      track: PublishedTrack,
      envelope = harness.envelopeFor(server, track),
      target = server,
    ) => target.post('/v1/keys', await harness.depositRequest(signer, { ...track, envelope }));
    const unlock = async (signer: Wallet, track: { artist: string; trackId: number }, target = server) =>
      target.post('/v1/unlock', await harness.unlockRequest(signer, track, listenerKeys));
    const released = async (target = server) =>
      metricValue((await target.get('/metrics')).text, 'busker_keyserver_unlocks_released_total');

    test('GET /v1/info names the chain, factory, confirmations and the server public key', async () => {
      const info = await server.get('/v1/info');
      assert.equal(info.status, 200);
      assert.deepEqual(info.body, {
        version: 1,
        chainId: harness.chainId,
        factory: harness.fixture.deployment.factory,
        confirmations: 2,
        publicKey: server.vault.identity.publicKey.toString('base64url'),
      });
      assert.equal(Buffer.from(info.body.publicKey as string, 'base64url').length, 32);
    });

    test('GET /v1/health answers with the chain head', async () => {
      const health = await server.get('/v1/health');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { ok: true, chainHead: await harness.fixture.provider.getBlockNumber() });
    });

    test('a deposit signed by someone other than the owner is refused with 401 and stores nothing', async () => {
      assertRefused(await deposit(stranger, trackA1), 401, 'BAD_SIGNATURE');
      assertRefused(await deposit(otherOwner, trackA1), 401, 'BAD_SIGNATURE');
      assert.equal(await server.vault.getContentKey({ chainId: harness.chainId, ...idOf(trackA1) }), null);
    });

    test('a deposit whose key misses the commitment, or whose envelope does not open, is 422 KEY_MISMATCH', async () => {
      const wrongKey = randomBytes(32);
      harness.noteSecret(wrongKey);
      assertRefused(
        await deposit(owner, trackA1, harness.envelopeFor(server, trackA1, wrongKey)),
        422,
        'KEY_MISMATCH',
      );
      // Sealed for another track (the AAD binds it to track 0): does not open as track 1's.
      assertRefused(
        await deposit(owner, trackA1, harness.envelopeFor(server, trackA0, trackA1.contentKey)),
        422,
        'KEY_MISMATCH',
      );
      // Sealed to someone else's public key.
      const elsewhere = sealEnvelope(
        trackA1.contentKey,
        generateX25519KeyPair().publicKey,
        envelopeContext(harness.chainId, trackA1.artist, trackA1.trackId),
      );
      harness.noteSecret(elsewhere);
      assertRefused(await deposit(owner, trackA1, `0x${elsewhere.toString('hex')}`), 422, 'KEY_MISMATCH');
      assert.equal(await server.vault.getContentKey({ chainId: harness.chainId, ...idOf(trackA1) }), null);
    });

    test('a deposit for an address that is no factory artist is 404 UNKNOWN_ARTIST; for no such track 404 UNKNOWN_TRACK', async () => {
      const notAnArtist = { ...trackA0, artist: stranger.address.toLowerCase() };
      assertRefused(
        await deposit(owner, notAnArtist, harness.envelopeFor(server, notAnArtist)),
        404,
        'UNKNOWN_ARTIST',
      );
      const noSuchTrack = { ...trackA0, trackId: 99 };
      assertRefused(
        await deposit(owner, noSuchTrack, harness.envelopeFor(server, noSuchTrack)),
        404,
        'UNKNOWN_TRACK',
      );
    });

    test('the owner deposits keys (201), a repeated deposit of the same key is 201, a replayed body 409', async () => {
      assert.equal((await deposit(owner, trackA0)).status, 201);
      assert.equal((await deposit(owner, trackA0)).status, 201, 'the same key again, freshly signed');
      const body = await harness.depositRequest(owner, {
        ...trackA1,
        envelope: harness.envelopeFor(server, trackA1),
      });
      const first = await server.post('/v1/keys', body);
      assert.equal(first.status, 201, first.text);
      assert.deepEqual(first.body, { deposited: true });
      assertRefused(await server.post('/v1/keys', body), 409, 'NONCE_REUSED');
      const otherArtist = await harness.depositRequest(otherOwner, {
        ...trackB0,
        envelope: harness.envelopeFor(server, trackB0),
      });
      assert.equal((await server.post('/v1/keys', otherArtist)).status, 201);
    });

    test('happy path: tip, 425 until confirmed, then 200 with an envelope that opens to the committed key', async () => {
      assertRefused(await unlock(listener, trackA0), 402, 'TIP_REQUIRED');
      await harness.tip(listener, trackA0);
      const early = await unlock(listener, trackA0);
      assertRefused(early, 425, 'TIP_NOT_CONFIRMED');
      assert.equal(early.body.confirmationsNeeded, 1, 'the tip block is the first of two confirmations');

      await harness.mine();
      const answer = await unlock(listener, trackA0);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(Object.keys(answer.body), ['envelope']);
      const envelope = Buffer.from(answer.body.envelope as string, 'base64url');
      const key = openEnvelope(
        envelope,
        listenerKeys.privateKey,
        envelopeContext(harness.chainId, trackA0.artist, trackA0.trackId),
      );
      assert.deepEqual(key, trackA0.contentKey);
      const onChain = await connectArtist(trackA0.artist, harness.fixture.provider).track(trackA0.trackId);
      assert.ok(keyMatchesCommitment(key, Buffer.from(onChain.keyCommitment.slice(2), 'hex')));
    });

    test('a tip short of the confirmation depth (interval mining) is 425 with the blocks still needed, then 200', async () => {
      const deep = await harness.startServer({ store: server.vault.store, confirmations: 3 });
      const provider = harness.fixture.provider;
      await provider.send('evm_setAutomine', [false]);
      try {
        const sent = await connectArtist(trackA1.artist, listener).tip(trackA1.trackId, {
          value: trackA1.price,
        });
        await harness.mine();
        await sent.wait();
        const first = await unlock(listener, trackA1, deep);
        assertRefused(first, 425, 'TIP_NOT_CONFIRMED');
        assert.equal(first.body.confirmationsNeeded, 2);

        // Let the chain mine on its own, a block a second, and ask until the key comes.
        await provider.send('evm_setIntervalMining', [1]);
        const seen: number[] = [];
        let answer = await unlock(listener, trackA1, deep);
        while (answer.status === 425) {
          seen.push(answer.body.confirmationsNeeded as number);
          await new Promise((resolve) => setTimeout(resolve, 200));
          answer = await unlock(listener, trackA1, deep);
        }
        assert.equal(answer.status, 200, answer.text);
        assert.ok(
          seen.every((needed) => needed === 1 || needed === 2),
          `needed: ${seen.join(',')}`,
        );
      } finally {
        await provider.send('evm_setIntervalMining', [0]);
        await provider.send('evm_setAutomine', [true]);
        await deep.close();
      }
    });

    test('a tip re-orged away before confirmation releases nothing: 425, then 402 after the re-org', async () => {
      const releasedBefore = await released();
      const snapshot = await harness.fixture.snapshot();
      await harness.tip(stranger, trackB0);
      const pending = await unlock(stranger, trackB0);
      assertRefused(pending, 425, 'TIP_NOT_CONFIRMED');

      await harness.fixture.revert(snapshot);
      await harness.mine(3);
      assertRefused(await unlock(stranger, trackB0), 402, 'TIP_REQUIRED');
      assert.equal(await released(), releasedBefore, 'no key was released');
    });

    test('a tip below the price reverts on chain and earns nothing', async () => {
      const cheap = harness.wallet(5);
      await assertRevertsWith(
        connectArtist(trackA0.artist, cheap).tip(trackA0.trackId, { value: trackA0.price - 1n }),
        'TipTooLow',
      );
      // Forced on chain anyway (explicit gas, no estimate): mined, reverted, no access.
      const forced = await connectArtist(trackA0.artist, cheap).tip(trackA0.trackId, {
        value: trackA0.price - 1n,
        gasLimit: 200_000n,
      });
      await assert.rejects(forced.wait(), { code: 'CALL_EXCEPTION' });
      await harness.mine(2);
      assertRefused(await unlock(cheap, trackA0), 402, 'TIP_REQUIRED');
    });

    test('a tip for another track, or for another artist, does not unlock this one', async () => {
      const fanOfA1 = harness.wallet(6);
      const fanOfB0 = harness.wallet(7);
      await harness.tip(fanOfA1, trackA1);
      await harness.tip(fanOfB0, trackB0);
      await harness.mine(2);
      assert.equal((await unlock(fanOfA1, trackA1)).status, 200, 'the tipped tracks unlock');
      assert.equal((await unlock(fanOfB0, trackB0)).status, 200);
      assertRefused(await unlock(fanOfA1, trackA0), 402, 'TIP_REQUIRED'); // same artist, another track
      assertRefused(await unlock(fanOfB0, trackA0), 402, 'TIP_REQUIRED'); // same track id, another artist
    });

    test('an unlock for a track without a deposited key is 404 KEY_NOT_DEPOSITED; for no track 404 UNKNOWN_TRACK', async () => {
      assertRefused(await unlock(listener, trackA2), 404, 'KEY_NOT_DEPOSITED');
      assertRefused(await unlock(listener, { artist: trackA0.artist, trackId: 50 }), 404, 'UNKNOWN_TRACK');
      assertRefused(await unlock(listener, { artist: stranger.address, trackId: 0 }), 404, 'UNKNOWN_TRACK');
    });

    test('an unlock signed by someone else than the listener it names is 401 BAD_SIGNATURE', async () => {
      const forged = await harness.unlockRequest(stranger, trackA0, listenerKeys, {
        listener: listener.address,
      });
      assertRefused(await server.post('/v1/unlock', forged), 401, 'BAD_SIGNATURE');
      const garbage = {
        ...(await harness.unlockRequest(listener, trackA0, listenerKeys)),
        signature: `0x${'11'.repeat(65)}`,
      };
      assertRefused(await server.post('/v1/unlock', garbage), 401, 'BAD_SIGNATURE');
    });

    test('a replayed unlock is 409 NONCE_REUSED, also after a refusal', async () => {
      const body = await harness.unlockRequest(listener, trackA0, listenerKeys);
      assert.equal((await server.post('/v1/unlock', body)).status, 200);
      assertRefused(await server.post('/v1/unlock', body), 409, 'NONCE_REUSED');
      const refused = await harness.unlockRequest(listener, trackB0, listenerKeys);
      assertRefused(await server.post('/v1/unlock', refused), 402, 'TIP_REQUIRED');
      assertRefused(await server.post('/v1/unlock', refused), 409, 'NONCE_REUSED');
    });

    test('a low-order recipientKey is 400 before any signature recovery, nonce use or chain call', async () => {
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
      assert.match(
        (refusedDeposit.body.error as { message: string }).message,
        /too far ahead: at most 600 s/,
      );
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
      const factory = harness.fixture.deployment.factory;
      for (const domain of [
        keyServerDomain(1, factory),
        keyServerDomain(harness.chainId, stranger.address),
      ]) {
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
        [
          'a deadline past uint64',
          { ...valid, unlock: { ...valid.unlock, deadline: (1n << 64n).toString() } },
        ],
        ['a short nonce', { ...valid, unlock: { ...valid.unlock, nonce: '0x1234' } }],
        ['a bad address', { ...valid, unlock: { ...valid.unlock, artist: '0x1234' } }],
        [
          'a bad checksum',
          { ...valid, unlock: { ...valid.unlock, listener: flipChecksum(listener.address) } },
        ],
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

    test('malformed deposit bodies are 400 BAD_REQUEST, and spend nothing', async () => {
      const valid = await harness.depositRequest(owner, {
        ...trackA1,
        envelope: harness.envelopeFor(server, trackA1),
      });
      const { deposit: fields } = valid;
      const withField = (name: string, value: unknown) => ({
        ...valid,
        deposit: { ...fields, [name]: value },
      });
      const without = (name: keyof typeof fields) => {
        const { [name]: _dropped, ...rest } = fields;
        return { ...valid, deposit: rest };
      };
      const unlockBody = await harness.unlockRequest(owner, trackA1, listenerKeys);
      // [what, body, the field the message must name (if any), headers]
      const cases: [string, unknown, string?, Record<string, string>?][] = [
        ['not JSON', '{"deposit": '],
        ['empty', ''],
        ['an array', '[]'],
        ['null', 'null'],
        ['a string', '"deposit"'],
        ['no signature', { deposit: fields }, 'signature'],
        ['no deposit', { signature: valid.signature }, 'deposit'],
        ['an unlock body', unlockBody],
        ['no envelope', without('envelope'), 'deposit.envelope'],
        ['no nonce', without('nonce'), 'deposit.nonce'],
        ['an unknown field', { ...valid, extra: 1 }, 'extra'],
        ['an unknown inner field', withField('price', '1'), 'price'],
        ['a number for the track id', withField('trackId', trackA1.trackId), 'deposit.trackId'],
        ['a number for the deadline', withField('deadline', Number(fields.deadline)), 'deposit.deadline'],
        ['a leading zero', withField('trackId', '01'), 'deposit.trackId'],
        ['a negative id', withField('trackId', '-1'), 'deposit.trackId'],
        ['a track id past uint256', withField('trackId', (1n << 256n).toString()), 'deposit.trackId'],
        ['a deadline past uint64', withField('deadline', (1n << 64n).toString()), 'deposit.deadline'],
        ['an envelope a byte short', withField('envelope', fields.envelope.slice(0, -2)), 'deposit.envelope'],
        ['an envelope a byte long', withField('envelope', `${fields.envelope}00`), 'deposit.envelope'],
        ['an envelope without 0x', withField('envelope', fields.envelope.slice(2)), 'deposit.envelope'],
        [
          'an envelope in base64',
          withField('envelope', Buffer.from(fields.envelope.slice(2), 'hex').toString('base64')),
          'deposit.envelope',
        ],
        ['a non-hex envelope', withField('envelope', `0x${'zz'.repeat(80)}`), 'deposit.envelope'],
        ['a short nonce', withField('nonce', '0x1234'), 'deposit.nonce'],
        ['a bad address', withField('artist', '0x1234'), 'deposit.artist'],
        ['a bad checksum', withField('artist', flipChecksum(getAddress(fields.artist))), 'deposit.artist'],
        ['a short signature', { ...valid, signature: valid.signature.slice(0, 100) }, 'signature'],
        ['a long signature', { ...valid, signature: `${valid.signature}00` }, 'signature'],
        ['a prototype key', '{"__proto__": {"x": 1}, "deposit": {}, "signature": "0x"}'],
        ['text instead of JSON', 'hello', undefined, { 'content-type': 'text/plain' }],
        ['an oversized body', { ...valid, padding: 'x'.repeat(5000) }],
      ];
      for (const [what, body, field, headers] of cases) {
        const answer = await server.post('/v1/keys', body, headers);
        assert.equal(answer.status, 400, `${what}: ${answer.status} ${answer.text}`);
        assertRefused(answer, 400, 'BAD_REQUEST');
        if (field)
          assert.ok(
            (answer.body.error as { message: string }).message.includes(`"${field}"`),
            `${what}: ${answer.text}`,
          );
      }
      // The valid body was never accepted in any of those, so its nonce is unspent and it deposits.
      const accepted = await server.post('/v1/keys', valid);
      assert.equal(accepted.status, 201, accepted.text);
    });

    test('rate limits: per IP before the body is read, per address after the signature is checked', async () => {
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

    test('metrics count requests by route and outcome, and the keys released', async () => {
      const metrics = await server.get('/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/);
      assert.match(
        metrics.text,
        /busker_keyserver_requests_total\{route="\/v1\/unlock",outcome="TIP_REQUIRED"\} \d+/,
      );
      assert.match(metrics.text, /busker_keyserver_requests_total\{route="\/v1\/keys",outcome="ok"\} \d+/);
      assert.match(
        metrics.text,
        /busker_keyserver_request_duration_seconds_bucket\{le="0.02",route="\/v1\/unlock",outcome="ok"\}/,
      );
      assert.ok((await released()) >= 5);
      assert.ok(metricValue(metrics.text, 'busker_keyserver_keys_deposited_total') >= 4);
    });

    test('health says 503 CHAIN_UNAVAILABLE when the chain is gone', async () => {
      const deadProvider = createProvider('http://127.0.0.1:9', { chainId: harness.chainId });
      const app = await buildKeyServer({
        config: {
          chainId: harness.chainId,
          factory: harness.fixture.deployment.factory,
          confirmations: 2,
          rateLimits: generousLimits,
          trustProxy: false,
        },
        vault: server.vault,
        chain: new EthersChainReader(deadProvider, harness.fixture.deployment.factory),
        logger: { level: 'trace', destination: harness.logs },
      });
      try {
        const answer = await app.inject({ method: 'GET', url: '/v1/health' });
        assert.equal(answer.statusCode, 503);
        assert.equal(answer.json().ok, false);
        assert.equal(answer.json().error.code, 'CHAIN_UNAVAILABLE');
      } finally {
        await app.close();
        deadProvider.destroy();
      }
    });

    test('GET /v1/network serves the description it was given, with its own confirmations and address', async () => {
      const description = parseNetworkDescription({
        busker: 1,
        name: 'Test network',
        chain: {
          chainId: harness.chainId,
          rpcUrls: ['http://127.0.0.1:8545'],
          factory: harness.fixture.deployment.factory,
          factoryBlock: 0,
          confirmations: 9,
        },
        keyServer: 'http://stale.example:1',
      });
      const config = {
        chainId: harness.chainId,
        factory: harness.fixture.deployment.factory,
        confirmations: 3,
        rateLimits: generousLimits,
        trustProxy: false,
      };
      const withNetwork = await buildKeyServer({
        config,
        vault: server.vault,
        chain: new EthersChainReader(harness.fixture.provider, harness.fixture.deployment.factory),
        logger: { level: 'silent' },
        network: () => describeServedNetwork(description, 3, 'https://keys.example.org'),
      });
      const without = await buildKeyServer({
        config,
        vault: server.vault,
        chain: new EthersChainReader(harness.fixture.provider, harness.fixture.deployment.factory),
        logger: { level: 'silent' },
      });
      try {
        const answer = await withNetwork.inject({ method: 'GET', url: '/v1/network' });
        assert.equal(answer.statusCode, 200);
        const served = parseNetworkDescription(answer.json());
        assert.equal(served.name, 'Test network');
        assert.equal(served.chain.confirmations, 3, 'the confirmations /v1/info says');
        assert.equal(served.keyServer, 'https://keys.example.org');
        assert.deepEqual(served.seeds, []);
        const missing = await without.inject({ method: 'GET', url: '/v1/network' });
        assert.equal(missing.statusCode, 404);
        assert.equal(missing.json().error.code, 'NOT_FOUND');
        assert.match(missing.json().error.message, /without a network description/);
        const elsewhere = await without.inject({ method: 'GET', url: '/v2/network' });
        assert.match(elsewhere.json().error.message, /GET \/v1\/network/);
      } finally {
        await withNetwork.close();
        await without.close();
      }
    });

    test('shutdown stops accepting, finishes the request in flight, then closes the database', async () => {
      let letThrough: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (letThrough = resolve));
      let arrived: () => void = () => undefined;
      const inFlight = new Promise<void>((resolve) => (arrived = resolve));
      const store = await database.open();
      const held = await harness.startServer({
        store,
        ownsStore: true,
        wrapChain: (chain) => holdHead(chain, gate, arrived),
      });
      const answer = unlock(listener, trackA0, held);
      await inFlight;
      const closed = held.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await assert.rejects(fetch(`${held.url}/v1/info`), 'no new connections once closing');
      letThrough();
      const finished = await answer;
      assert.equal(finished.status, 200, finished.text);
      assert.ok(typeof finished.body.envelope === 'string');
      await closed;
      await assert.rejects(store.ping(), 'the database is closed');
    });

    test('a restart keeps every key and the server identity', async () => {
      const publicKey = server.vault.identity.publicKey;
      await server.close();
      server = await harness.startServer({ store: await database.open(), ownsStore: true });
      assert.deepEqual(server.vault.identity.publicKey, publicKey);
      for (const track of [trackA0, trackA1, trackB0]) {
        const key = await server.vault.getContentKey({ chainId: harness.chainId, ...idOf(track) });
        assert.deepEqual(key, track.contentKey);
      }
      const answer = await unlock(listener, trackA0);
      assert.equal(answer.status, 200, answer.text);
      const key = openEnvelope(
        Buffer.from(answer.body.envelope as string, 'base64url'),
        listenerKeys.privateKey,
        envelopeContext(harness.chainId, trackA0.artist, trackA0.trackId),
      );
      assert.deepEqual(key, trackA0.contentKey);
    });

    test('a copy of the database without the master key reveals no key', async () => {
      await server.close();
      const copy = await database.copy();
      const stolen: KeyStore = await copy.open();
      try {
        await assert.rejects(KeyVault.open(stolen, MasterKey.generate()), (error: unknown) => {
          assert.ok(error instanceof MasterKeyError);
          assert.equal(error.code, 'MASTER_KEY_MISMATCH');
          assert.match(
            error.message,
            /Start the key server with the master key this database was written with/,
          );
          return true;
        });
      } finally {
        await stolen.close();
      }
      const raw = await copy.rawBytes();
      assert.ok(raw.length > 0);
      const rawText = raw.toString('latin1');
      for (const track of [trackA0, trackA1, trackB0]) {
        assert.equal(raw.includes(track.contentKey), false, 'the raw key bytes are not on disk');
        for (const encoding of ['hex', 'base64', 'base64url'] as const) {
          assert.equal(rawText.includes(track.contentKey.toString(encoding)), false, `no ${encoding} key`);
        }
      }
      assert.equal(raw.includes(server.vault.identity.privateKey), false, 'nor the server private key');
      server = await harness.startServer({ store: await database.open(), ownsStore: true });
    });

    test('no log line holds a key, an envelope, a signature or the master key', () => {
      const text = harness.logs.text;
      assert.ok(
        harness.logs.lines.length > 50,
        `the servers logged throughout (${harness.logs.lines.length} lines)`,
      );
      assert.match(text, /"code":"TIP_NOT_CONFIRMED"/);
      const lowered = text.toLowerCase();
      for (const secret of harness.secrets) {
        assert.equal(text.includes(secret), false, `a secret appears in the logs: ${secret.slice(0, 8)}…`);
        if (/^[0-9a-f]+$/.test(secret)) assert.equal(lowered.includes(secret), false);
      }
    });
  });
}

function idOf(track: PublishedTrack): { artist: string; trackId: string } {
  return { artist: track.artist, trackId: String(track.trackId) };
}

/** An address with one letter's case flipped: a broken EIP-55 checksum. */
function flipChecksum(address: string): string {
  const index = [...address].findIndex((char, position) => position > 1 && /[a-fA-F]/.test(char));
  const char = address[index] ?? '';
  const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
  return address.slice(0, index) + flipped + address.slice(index + 1);
}

/** The real chain, calling `onCall` before every read. */
function countCalls(chain: ChainReader, onCall: () => void): ChainReader {
  return new Proxy(chain, {
    get(target, name) {
      const read: unknown = Reflect.get(target, name);
      if (typeof read !== 'function') return read;
      return (...args: unknown[]): unknown => {
        onCall();
        return read.apply(target, args);
      };
    },
  });
}

/** The real chain, except that the first head read waits for `gate` (a request held in flight). */
function holdHead(chain: ChainReader, gate: Promise<void>, arrived: () => void): ChainReader {
  return {
    headBlock: async () => {
      arrived();
      await gate;
      return chain.headBlock();
    },
    isArtist: (...args) => chain.isArtist(...args),
    artistOwner: (...args) => chain.artistOwner(...args),
    trackCount: (...args) => chain.trackCount(...args),
    keyCommitment: (...args) => chain.keyCommitment(...args),
    hasAccess: (...args) => chain.hasAccess(...args),
  };
}
