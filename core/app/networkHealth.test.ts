// The network's health against real parts: anvil with the contracts, a real key server, a node
// that accepts and never answers, and each taken away in turn.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KeyServerHarness, type TestServer } from '../../keyserver/testing/keyServerHarness';
import { startBackend, type TestBackend } from '../../keyserver/testing/testDatabases';
import { startSilentNode, type SilentNode } from '../../testkit/silentNode';
import { AppError } from '../errors';
import type { ResolvedNetwork } from './marketRuntime';
import { checkNetworkParts, networkHealthCheck, networkHealthMessages } from './networkHealth';

let keyDb: TestBackend;
let harness: KeyServerHarness;
let keyServer: TestServer;
let silent: SilentNode;

before(async () => {
  keyDb = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  keyServer = await harness.startServer({
    store: await (await keyDb.createDatabase()).open(),
    ownsStore: true,
  });
  silent = await startSilentNode();
});

after(async () => {
  await silent.close();
  await harness.close();
  await keyDb.stop();
});

const network = (): ResolvedNetwork => ({
  source: 'local',
  chainId: harness.chainId,
  rpcUrl: harness.fixture.node.rpcUrl,
  factory: harness.fixture.deployment.factory,
  keyServer: keyServer.url,
});

test('a chain and a key server that answer are "connected"', async () => {
  assert.deepEqual(await checkNetworkParts(network()), {
    state: 'connected',
    message: networkHealthMessages.connected,
  });
});

test('a key server that accepts and never answers is named within the deadline', async () => {
  const health = await checkNetworkParts({ ...network(), keyServer: silent.url }, 500);
  assert.equal(health.state, 'keyServerDown');
  assert.equal(health.message, 'The key server is not answering. Busker keeps trying.');
});

test('a silent chain is named before the key server, and no network is its own calm state', async () => {
  const health = await checkNetworkParts({ rpcUrl: silent.url, keyServer: silent.url }, 500);
  assert.equal(health.state, 'chainDown');
  assert.match(health.message, /chain is not answering/);
  const none = networkHealthCheck(() =>
    Promise.reject(new AppError('NO_NETWORK', 'Not connected — join a network in Settings.')),
  );
  assert.deepEqual(await none(), { state: 'none', message: 'Not connected — join a network in Settings.' });
});

test('one answer serves every caller for a while, then the parts are asked again', async () => {
  let resolved = 0;
  const check = networkHealthCheck(
    () => {
      resolved += 1;
      return Promise.resolve(network());
    },
    { reuseMs: 300 },
  );
  const [first, second] = await Promise.all([check(), check()]);
  assert.equal(first, second);
  assert.equal(resolved, 1);
  await new Promise((resolve) => setTimeout(resolve, 350));
  await check();
  assert.equal(resolved, 2);
});

test('a stopped key server, then a stopped chain, each say so', async () => {
  const url = keyServer.url;
  await keyServer.close();
  assert.equal((await checkNetworkParts({ ...network(), keyServer: url })).state, 'keyServerDown');
  await harness.fixture.node.stop();
  const health = await checkNetworkParts({ ...network(), keyServer: url });
  assert.deepEqual(health, { state: 'chainDown', message: networkHealthMessages.chainDown });
});
