// Two key server instances on one real PostgreSQL, as behind a load balancer: one identity, keys
// deposited through either are served by both, and a nonce used at one is refused by the other.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestServer } from './testing/keyServerHarness';
import { WorkerRequestCrypto } from './requestCrypto';
import { KeyServerHarness } from './testing/keyServerHarness';
import type { TestBackend, TestDatabase } from './testing/testDatabases';
import { startPostgresBackend } from './testing/testDatabases';

let backend: TestBackend;
let harness: KeyServerHarness;
let database: TestDatabase;

before(async () => {
  [backend, harness] = await Promise.all([startPostgresBackend(), KeyServerHarness.start()]);
  database = await backend.createDatabase();
});
after(async () => {
  await harness?.close();
  await backend?.stop();
});

test('two instances on one PostgreSQL each serve a key deposited through the other', async () => {
  // Started at once on an empty database: the migrations and the identity must not race. The
  // second checks signatures in worker threads, the first on its event loop.
  const [first, second] = (await Promise.all([
    database.open().then((store) => harness.startServer({ store, ownsStore: true })),
    database
      .open()
      .then((store) => harness.startServer({ store, ownsStore: true, crypto: new WorkerRequestCrypto(2) })),
  ])) as [TestServer, TestServer];
  assert.deepEqual(first.vault.identity.publicKey, second.vault.identity.publicKey, 'one identity for both');
  assert.deepEqual((await first.get('/v1/info')).body, (await second.get('/v1/info')).body);

  const owner = harness.wallet(1);
  const listener = harness.wallet(2);
  const artist = await harness.fixture.createArtist(owner);
  const trackOne = await harness.publish(artist);
  const trackTwo = await harness.publish(artist);
  const through = async (server: TestServer, track: typeof trackOne) =>
    server.post(
      '/v1/keys',
      await harness.depositRequest(owner, { ...track, envelope: harness.envelopeFor(server, track) }),
    );
  assert.equal((await through(first, trackOne)).status, 201);
  assert.equal((await through(second, trackTwo)).status, 201);

  await harness.tip(listener, trackOne);
  await harness.tip(listener, trackTwo);
  await harness.mine(2);
  const keys = harness.listenerKeys();
  for (const [server, track] of [
    [second, trackOne],
    [first, trackTwo],
  ] as const) {
    const answer = await server.post('/v1/unlock', await harness.unlockRequest(listener, track, keys));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(harness.keyFromAnswer(answer, keys.privateKey, track), track.contentKey);
  }

  const once = await harness.unlockRequest(listener, trackOne, keys);
  assert.equal((await first.post('/v1/unlock', once)).status, 200);
  const replayed = await second.post('/v1/unlock', once);
  assert.equal(replayed.status, 409, replayed.text);
  assert.equal((replayed.body.error as { code: string }).code, 'NONCE_REUSED');
});
