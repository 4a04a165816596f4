import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import type { Wallet } from 'ethers';
import type { PublishedTrack, TestServer } from '../../keyserver/testing/keyServerHarness';
import { KeyServerHarness } from '../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../keyserver/testing/testDatabases';
import { startBackend } from '../../keyserver/testing/testDatabases';
import { startSilentNode } from '../../testkit/silentNode';
import { KeyServerClient, KeyServerRequestError } from './keyServerClient';

// The app's client against a real key server, a real anvil and the real contracts.
let backend: TestBackend;
let harness: KeyServerHarness;
let server: TestServer;
let client: KeyServerClient;
let owner: Wallet;
let listener: Wallet;
let track: PublishedTrack;

before(async () => {
  backend = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  owner = harness.wallet(1);
  listener = harness.wallet(2);
  server = await harness.startServer({
    store: await (await backend.createDatabase()).open(),
    ownsStore: true,
    confirmations: 1,
  });
  client = new KeyServerClient(server.url, {
    chainId: harness.chainId,
    factory: harness.fixture.deployment.factory,
  });
  track = await harness.publish(await harness.fixture.createArtist(owner, 'Client Artist'));
});

after(async () => {
  await harness?.close();
  await backend?.stop();
});

function refusedWith(code: string) {
  return (error: unknown) =>
    error instanceof KeyServerRequestError && error.code === code && error.message.length > 10;
}

test('deposit as the owner, tip, then unlock yields the committed key', async () => {
  await client.deposit(owner, track, track.contentKey);
  await client.deposit(owner, track, track.contentKey); // depositing again is harmless
  await assert.rejects(client.unlock(listener, track), refusedWith('TIP_REQUIRED'));
  await harness.tip(listener, track);
  const key = await client.unlock(listener, track);
  assert.deepEqual(key, track.contentKey);
  const published = await harness.fixture.provider
    .call({
      to: track.artist,
      data: '0x',
    })
    .catch(() => null);
  assert.equal(published, null); // the artist contract has no fallback: a sanity check of the address
});

test("the server's refusals reach the caller as typed errors in words", async () => {
  const other = await harness.publish(await harness.fixture.createArtist(harness.wallet(3), 'Other'));
  await assert.rejects(client.deposit(listener, other, other.contentKey), refusedWith('BAD_SIGNATURE'));
  await assert.rejects(
    client.deposit(harness.wallet(3), other, randomBytes(32)),
    refusedWith('KEY_MISMATCH'),
  );
  await assert.rejects(client.unlock(listener, other), refusedWith('KEY_NOT_DEPOSITED'));
});

test('a key server for another network is refused before anything is signed', async () => {
  const wrong = new KeyServerClient(server.url, {
    chainId: harness.chainId + 1,
    factory: harness.fixture.deployment.factory,
  });
  await assert.rejects(wrong.unlock(listener, track), refusedWith('WRONG_NETWORK'));
});

test('an unreachable or garbled key server is an error in words, not a crash', async () => {
  const unreachable = new KeyServerClient('http://127.0.0.1:9', {
    chainId: harness.chainId,
    factory: harness.fixture.deployment.factory,
  });
  await assert.rejects(unreachable.info(), refusedWith('UNREACHABLE'));
  const garbled = new KeyServerClient(server.url, {
    chainId: harness.chainId,
    factory: harness.fixture.deployment.factory,
    fetch: async () => new Response('{"version":1,"chainId":"x"}', { status: 200 }),
  });
  await assert.rejects(garbled.info(), refusedWith('MALFORMED_ANSWER'));
  const swapped = new KeyServerClient(server.url, {
    chainId: harness.chainId,
    factory: harness.fixture.deployment.factory,
    // A released envelope that was sealed for someone else does not open.
    fetch: async (input, init) =>
      String(input).endsWith('/v1/unlock')
        ? Response.json({ envelope: Buffer.alloc(80, 7).toString('base64url') })
        : fetch(input, init),
  });
  await assert.rejects(swapped.unlock(listener, track), /does not open/);
});

test('a key server that says nothing, or stalls mid-answer, fails at the deadline in words', async () => {
  const silent = await startSilentNode();
  // Sends its headers and the start of an answer, then nothing more.
  const stalling = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"version":1,');
  });
  await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
  const address = stalling.address();
  const stallingUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  try {
    for (const url of [silent.url, stallingUrl]) {
      const client = new KeyServerClient(url, {
        chainId: harness.chainId,
        factory: harness.fixture.deployment.factory,
        timeoutMs: 500,
      });
      const started = Date.now();
      await assert.rejects(client.info(), (error: unknown) => {
        assert.ok(error instanceof KeyServerRequestError);
        assert.equal(error.code, 'UNREACHABLE');
        assert.equal(
          error.message,
          `The key server at ${url} did not answer within 0.5 seconds. Check your connection; Busker will try again.`,
        );
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 450 && elapsed < 3_000, `${url} failed after ${elapsed} ms`);
    }
  } finally {
    stalling.closeAllConnections();
    await new Promise((resolve) => stalling.close(resolve));
    await silent.close();
  }
});
