// The routes beside the keys: /v1/info, /v1/health, /v1/network and /metrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNetworkDescription } from '../../protocol/networkDescription';
import { createProvider } from '../../protocol/rpcProvider';
import { buildKeyServer } from '../app';
import { EthersChainReader } from '../chainReader';
import { describeServedNetwork } from '../routes/network';
import { generousLimits, metricValue } from './keyServerHarness';
import type { KeyServerApiWorld } from './keyServerApiWorld';

export function serviceRouteTests(api: KeyServerApiWorld): void {
  test('GET /v1/info names the chain, factory, confirmations and the server public key', async () => {
    const { harness, server } = api;
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
    const { harness, server } = api;
    const health = await server.get('/v1/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true, chainHead: await harness.fixture.provider.getBlockNumber() });
  });

  test('metrics count requests by route and outcome, and the keys released', async () => {
    const { server, released } = api;
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
    const { harness, server } = api;
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
    const { harness, server } = api;
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
}
