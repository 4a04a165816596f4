// A chain node that accepts connections and never answers: the key server must fail closed and
// fast (unlock 503 within 10 s) and its health check must say so within its own deadline, so a
// load balancer takes the instance out instead of piling requests onto it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { JsonRpcProvider } from 'ethers';
import { createProvider } from '../protocol/rpcProvider';
import { startSilentNode } from '../testkit/silentNode';
import type { SilentNode } from '../testkit/silentNode';
import { EthersChainReader } from './chainReader';
import { chainCallTimeoutMs, healthTimeoutMs } from './config';
import type { PublishedTrack, TestServer } from './testing/keyServerHarness';
import { KeyServerHarness } from './testing/keyServerHarness';
import type { TestBackend } from './testing/testDatabases';
import { startSqliteBackend } from './testing/testDatabases';

let backend: TestBackend;
let harness: KeyServerHarness;
let silent: SilentNode;
let healthy: TestServer;
let hung: TestServer;
let track: PublishedTrack;
let silentProvider: JsonRpcProvider | undefined;

before(async () => {
  [backend, harness, silent] = await Promise.all([
    startSqliteBackend(),
    KeyServerHarness.start(),
    startSilentNode(),
  ]);
  const store = await (await backend.createDatabase()).open();
  healthy = await harness.startServer({ store, ownsStore: true });
  // The same database, with its chain reads going to the silent node through the very provider
  // the key server boots with.
  const provider = createProvider(silent.url, {
    chainId: harness.chainId,
    timeoutMs: chainCallTimeoutMs,
  });
  silentProvider = provider;
  hung = await harness.startServer({
    store,
    wrapChain: () => new EthersChainReader(provider, harness.fixture.deployment.factory),
  });

  const owner = harness.wallet(1);
  track = await harness.publish(await harness.fixture.createArtist(owner));
  const deposited = await healthy.post(
    '/v1/keys',
    await harness.depositRequest(owner, { ...track, envelope: harness.envelopeFor(healthy, track) }),
  );
  assert.equal(deposited.status, 201, deposited.text);
  await harness.tip(harness.wallet(2), track);
  await harness.mine(2);
});
after(async () => {
  await hung?.close();
  silentProvider?.destroy();
  await harness?.close();
  await silent?.close();
  await backend?.stop();
});

test('an unlock whose chain read hangs answers 503 CHAIN_UNAVAILABLE within 10 s', async () => {
  const listener = harness.wallet(2);
  const body = await harness.unlockRequest(listener, track, harness.listenerKeys());
  const started = Date.now();
  const answer = await hung.post('/v1/unlock', body);
  const elapsed = Date.now() - started;
  assert.equal(answer.status, 503, answer.text);
  assert.deepEqual(answer.body, {
    error: {
      code: 'CHAIN_UNAVAILABLE',
      message: 'The chain node did not answer the key server in time. Try again in a few seconds.',
    },
  });
  assert.ok(elapsed >= chainCallTimeoutMs - 100, `answered after ${elapsed} ms: before the chain deadline`);
  assert.ok(elapsed < 10_000, `answered after ${elapsed} ms`);

  // The very same request against the healthy chain is served: the refusal was the chain's.
  const served = await healthy.post(
    '/v1/unlock',
    await harness.unlockRequest(listener, track, harness.listenerKeys()),
  );
  assert.equal(served.status, 200, served.text);
});

test('health answers 503 within its own deadline while the chain hangs, and 200 when it answers', async () => {
  const started = Date.now();
  const answer = await hung.get('/v1/health');
  const elapsed = Date.now() - started;
  assert.equal(answer.status, 503, answer.text);
  assert.deepEqual(answer.body, {
    ok: false,
    error: {
      code: 'CHAIN_UNAVAILABLE',
      message: `The chain node did not answer within ${healthTimeoutMs / 1000} s.`,
    },
    chain: 'CHAIN_UNAVAILABLE',
    store: 'ok',
  });
  assert.ok(
    elapsed >= healthTimeoutMs - 100 && elapsed < healthTimeoutMs + 1_500,
    `answered after ${elapsed} ms`,
  );

  const fine = await healthy.get('/v1/health');
  assert.equal(fine.status, 200, fine.text);
  assert.deepEqual(fine.body, { ok: true, chainHead: await harness.fixture.provider.getBlockNumber() });
});

test('requests held by the hung chain do not pile up: twenty at once all end within 10 s', async () => {
  const listener = harness.wallet(2);
  const bodies = await Promise.all(
    Array.from({ length: 20 }, () => harness.unlockRequest(listener, track, harness.listenerKeys())),
  );
  const started = Date.now();
  const answers = await Promise.all([
    ...bodies.map((body) => hung.post('/v1/unlock', body)),
    hung.get('/v1/health'),
  ]);
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  assert.deepEqual(
    answers.map((answer) => answer.status),
    answers.map(() => 503),
  );
});
