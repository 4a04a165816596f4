// PostgreSQL going down under a running key server: unlocks are refused as 503 STORE_UNAVAILABLE
// in words (not 500 INTERNAL), health says the database is down, and once PostgreSQL is back the
// same server serves again without a restart. A database that accepts and never answers fails
// within the store's connection deadline.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startSilentNode } from '../testkit/silentNode';
import type { PostgresCluster } from './testing/postgresCluster';
import { startPostgresCluster } from './testing/postgresCluster';
import type { PublishedTrack, TestServer } from './testing/keyServerHarness';
import { KeyServerHarness } from './testing/keyServerHarness';
import { KeyStoreError } from './store/keyStore';
import { openPostgresKeyStore } from './store/postgresKeyStore';

let cluster: PostgresCluster;
let harness: KeyServerHarness;
let server: TestServer;
let track: PublishedTrack;
let databaseUrl: string;

before(async () => {
  [cluster, harness] = await Promise.all([startPostgresCluster(), KeyServerHarness.start()]);
  databaseUrl = await cluster.createDatabase('outage');
  const store = await openPostgresKeyStore(databaseUrl);
  server = await harness.startServer({ store, ownsStore: true });
  const owner = harness.wallet(1);
  track = await harness.publish(await harness.fixture.createArtist(owner));
  const deposited = await server.post(
    '/v1/keys',
    await harness.depositRequest(owner, { ...track, envelope: harness.envelopeFor(server, track) }),
  );
  assert.equal(deposited.status, 201, deposited.text);
  await harness.tip(harness.wallet(2), track);
  await harness.mine(2);
});
after(async () => {
  await harness?.close();
  await cluster?.stop();
});

const unlock = async () =>
  server.post('/v1/unlock', await harness.unlockRequest(harness.wallet(2), track, harness.listenerKeys()));

test('PostgreSQL stopped: unlock is 503 STORE_UNAVAILABLE, health says so, and both recover', async () => {
  assert.equal((await unlock()).status, 200, 'served while PostgreSQL runs');

  await cluster.pause();
  try {
    const started = Date.now();
    const refused = await unlock();
    assert.ok(Date.now() - started < 10_000, `answered after ${Date.now() - started} ms`);
    assert.equal(refused.status, 503, refused.text);
    assert.deepEqual(refused.body, {
      error: {
        code: 'STORE_UNAVAILABLE',
        message:
          'The key server cannot reach its database just now. Try again in a minute; if it keeps failing, tell its operator.',
      },
    });
    const health = await server.get('/v1/health');
    assert.equal(health.status, 503, health.text);
    assert.equal(health.body.ok, false);
    assert.equal(health.body.chain, 'ok');
    assert.equal(health.body.store, 'STORE_UNAVAILABLE');
    assert.equal((health.body.error as { code: string }).code, 'STORE_UNAVAILABLE');
    assert.doesNotMatch(harness.logs.text, /"code":"INTERNAL"/, 'no outage was answered as INTERNAL');
  } finally {
    await cluster.resume();
  }

  const served = await unlock();
  assert.equal(served.status, 200, served.text);
  const health = await server.get('/v1/health');
  assert.equal(health.status, 200, health.text);
  assert.equal(health.body.ok, true);
});

test('a query the database holds (a table locked elsewhere) is 503 STORE_UNAVAILABLE within 10 s', async () => {
  const locker = new pg.Client({ connectionString: databaseUrl });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE content_keys IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const refused = await unlock();
    const elapsed = Date.now() - started;
    assert.equal(refused.status, 503, refused.text);
    assert.equal((refused.body.error as { code: string }).code, 'STORE_UNAVAILABLE');
    assert.ok(elapsed >= 4_000 && elapsed < 10_000, `answered after ${elapsed} ms`);
    await locker.query('ROLLBACK');
    const served = await unlock();
    assert.equal(served.status, 200, served.text);
  } finally {
    await locker.end();
  }
});

test('a database that accepts connections and never answers fails to open within seconds', async () => {
  const silent = await startSilentNode();
  try {
    const started = Date.now();
    await assert.rejects(
      openPostgresKeyStore(`postgres://keys@${new URL(silent.url).host}/keys`),
      (error: unknown) => {
        assert.ok(error instanceof KeyStoreError);
        assert.equal(error.code, 'STORE_UNAVAILABLE');
        assert.match(
          error.message,
          /Cannot open the PostgreSQL key store at postgres:\/\/keys@127\.0\.0\.1:\d+\/keys/,
        );
        return true;
      },
    );
    assert.ok(Date.now() - started < 6_000, `gave up after ${Date.now() - started} ms`);
  } finally {
    await silent.close();
  }
});
