// POST /v1/unlock: a key only for a confirmed tip of this very track, and only once per request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertRevertsWith } from '../../testkit/contractFixture';
import { connectArtist } from '../../protocol/contracts';
import { keyMatchesCommitment } from '../../protocol/keyCommitment';
import type { KeyServerApiWorld } from './keyServerApiWorld';
import { assertRefused } from './keyServerApiWorld';

export function unlockApiTests(api: KeyServerApiWorld): void {
  test('happy path: tip, 425 until confirmed, then 200 with an envelope that opens to the committed key', async () => {
    const { harness, listener, trackA0, listenerKeys, unlock } = api;
    assertRefused(await unlock(listener, trackA0), 402, 'TIP_REQUIRED');
    await harness.tip(listener, trackA0);
    const early = await unlock(listener, trackA0);
    assertRefused(early, 425, 'TIP_NOT_CONFIRMED');
    assert.equal(early.body.confirmationsNeeded, 1, 'the tip block is the first of two confirmations');

    await harness.mine();
    const answer = await unlock(listener, trackA0);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(Object.keys(answer.body), ['envelope']);
    const key = harness.keyFromAnswer(answer, listenerKeys.privateKey, trackA0);
    assert.deepEqual(key, trackA0.contentKey);
    const onChain = await connectArtist(trackA0.artist, harness.fixture.provider).track(trackA0.trackId);
    assert.ok(keyMatchesCommitment(key, Buffer.from(onChain.keyCommitment.slice(2), 'hex')));
  });

  test('a tip short of the confirmation depth (interval mining) is 425 with the blocks still needed, then 200', async () => {
    const { harness, server, listener, trackA1, unlock } = api;
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
    const { harness, stranger, trackB0, unlock, released } = api;
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
    const { harness, trackA0, unlock } = api;
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
    const { harness, trackA0, trackA1, trackB0, unlock } = api;
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
    const { listener, stranger, trackA0, trackA2, unlock } = api;
    assertRefused(await unlock(listener, trackA2), 404, 'KEY_NOT_DEPOSITED');
    assertRefused(await unlock(listener, { artist: trackA0.artist, trackId: 50 }), 404, 'UNKNOWN_TRACK');
    assertRefused(await unlock(listener, { artist: stranger.address, trackId: 0 }), 404, 'UNKNOWN_TRACK');
  });

  test('an unlock signed by someone else than the listener it names is 401 BAD_SIGNATURE', async () => {
    const { harness, server, listener, stranger, trackA0, listenerKeys } = api;
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
    const { harness, server, listener, trackA0, trackB0, listenerKeys } = api;
    const body = await harness.unlockRequest(listener, trackA0, listenerKeys);
    assert.equal((await server.post('/v1/unlock', body)).status, 200);
    assertRefused(await server.post('/v1/unlock', body), 409, 'NONCE_REUSED');
    const refused = await harness.unlockRequest(listener, trackB0, listenerKeys);
    assertRefused(await server.post('/v1/unlock', refused), 402, 'TIP_REQUIRED');
    assertRefused(await server.post('/v1/unlock', refused), 409, 'NONCE_REUSED');
  });
}
