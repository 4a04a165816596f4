// The devnet starts a seed: the network file and the key server's description name it, it
// answers, and it goes with the devnet.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDevnet } from '../../devnet/devnet';
import { readNetworkDescriptionFile } from '../../protocol/networkFile';
import { startDevnetKeyServer } from '../../keyserver/devnetKeyServer';
import { startDevnetSeed } from '../../seed/devnetSeed';

test('the devnet runs a seed, names it in its description, and stops it', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'busker-devnet-seed-test-'));
  const networkFile = join(folder, 'network.json');
  const devnet = await startDevnet({ networkFile, keyServer: startDevnetKeyServer, seed: startDevnetSeed });
  let pinning: string | undefined;
  try {
    const written = await readNetworkDescriptionFile(networkFile);
    assert.equal(written.seeds.length, 1);
    const [seed] = written.seeds;
    pinning = seed?.pinning;
    assert.match(
      seed?.multiaddrs[0] ?? '',
      new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${seed?.peerId}$`),
    );
    const health = await fetch((pinning ?? '').replace(/\/psa$/, '/health'));
    assert.equal(health.status, 200);
    const served = (await (await fetch(`${devnet.network.keyServer}/v1/network`)).json()) as {
      seeds: unknown[];
    };
    assert.deepEqual(served.seeds, written.seeds, "the key server's description names the same seed");
  } finally {
    await devnet.stop();
    await rm(folder, { recursive: true, force: true });
  }
  assert.ok(pinning);
  await assert.rejects(fetch(`${pinning}/pins`), 'the seed stopped with the devnet');
});
