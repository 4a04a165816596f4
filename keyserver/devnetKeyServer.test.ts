// The devnet starts a key server with the chain: one command gives a complete local network.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDevnet } from '../devnet/devnet';
import { readNetworkDescriptionFile, readNetworkFile } from '../protocol/networkFile';
import { parseNetworkDescription } from '../protocol/networkDescription';
import { startDevnetKeyServer } from './devnetKeyServer';

let folder: string;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'busker-devnet-keyserver-test-'));
});
after(() => rmSync(folder, { recursive: true, force: true }));

test('the devnet runs a key server for its own chain, asking 2 confirmations, and stops it', async () => {
  const networkFile = join(folder, 'network.json');
  const devnet = await startDevnet({ networkFile, keyServer: startDevnetKeyServer });
  let keyServer: string | undefined;
  try {
    const network = await readNetworkFile(networkFile);
    keyServer = network.keyServer;
    assert.match(keyServer ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const info = (await (await fetch(`${keyServer}/v1/info`)).json()) as Record<string, unknown>;
    assert.equal(info.chainId, network.chainId);
    assert.equal(info.factory, network.factory);
    assert.equal(info.confirmations, 2);
    const described = parseNetworkDescription(await (await fetch(`${keyServer}/v1/network`)).json());
    assert.deepEqual(described, { ...devnet.description, keyServer });
    assert.equal(described.name, 'Busker Devnet');
    assert.equal(described.chain.confirmations, info.confirmations);
    assert.deepEqual(
      await readNetworkDescriptionFile(networkFile),
      described,
      'the file is the served description',
    );
    const health = (await (await fetch(`${keyServer}/v1/health`)).json()) as Record<string, unknown>;
    assert.equal(health.ok, true);
  } finally {
    await devnet.stop();
  }
  await assert.rejects(fetch(`${keyServer}/v1/info`), 'the key server stopped with the devnet');
});
