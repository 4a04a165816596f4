// The market's logs name the part that failed, against a real devnet (anvil, factory, key server)
// and a joined network whose seed, like a peer given to the host, listens nowhere: the seed and
// the peer are named once each, the chain is not blamed and keeps syncing; then the key server
// and the chain stop, and the health log says so once per change.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { startDevnet, type Devnet } from '../../devnet/devnet';
import { startDevnetKeyServer } from '../../keyserver/devnetKeyServer';
import type { AppBackend } from '../api/appBackend';
import { writeMarketSettings } from './marketSettings';
import { logNetworkHealthChanges } from './networkHealthLog';
import { openBackend } from './openBackend';

let root: string;
let devnet: Devnet;
let keyServer: { url: string; stop(): Promise<void> };
let backend: AppBackend | undefined;

/** A loopback port nothing listens on (taken, then given back). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 9;
}

async function deadPeer(): Promise<{ peerId: string; address: string }> {
  const peerId = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString();
  return { peerId, address: `/ip4/127.0.0.1/tcp/${await deadPort()}/p2p/${peerId}` };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-peer-dials-'));
  devnet = await startDevnet({
    networkFile: join(root, 'network.json'),
    keyServer: async (network) => (keyServer = await startDevnetKeyServer(network)),
  });
});

after(async () => {
  await backend?.close();
  await devnet.stop();
  await rm(root, { recursive: true, force: true });
});

test('a dead seed and a dead peer are named; the chain is not blamed; health changes log once', async () => {
  const seed = await deadPeer();
  const peer = await deadPeer();
  const dataDir = join(root, 'listener');
  const { rpcUrl, chainId, factory } = devnet.network;
  await writeMarketSettings(dataDir, {
    network: {
      rpcUrl,
      chainId,
      factory,
      keyServerUrl: keyServer.url,
      description: {
        ...devnet.description,
        seeds: [
          {
            peerId: seed.peerId,
            multiaddrs: [seed.address],
            pinning: 'http://127.0.0.1:9/',
            gateway: 'http://127.0.0.1:9/',
          },
        ],
      },
    },
    cacheLimitBytes: 64 * 1024 * 1024,
  });
  const problems: string[] = [];
  backend = openBackend({
    dataDir,
    host: 'headless',
    market: { peers: [peer.address], syncIntervalMs: 300, onProblem: (message) => problems.push(message) },
  });
  const seedLine = `The seed at ${seed.address} cannot be reached; content it holds may be slow to play. Busker keeps dialling it.`;
  const peerLine = `The peer at ${peer.address} cannot be reached; content it holds may be slow to play. Busker keeps dialling it.`;
  await until(
    'the dead seed and peer named',
    () => problems.includes(seedLine) && problems.includes(peerLine),
  );
  // The chain answers: the catalogue syncs although both are down.
  await backend.api.syncCatalogue();
  await backend.api.syncCatalogue();
  assert.deepEqual(problems.filter((line) => line === seedLine).length, 1, problems.join('\n'));
  assert.deepEqual(problems.filter((line) => line === peerLine).length, 1, problems.join('\n'));
  assert.deepEqual(
    problems.filter((line) => /network cannot be reached/i.test(line)),
    [],
  );

  const lines: string[] = [];
  const stop = logNetworkHealthChanges(backend.api.networkHealth, (line) => lines.push(line), 200);
  try {
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(lines, [], 'a healthy network logs nothing at start');
    await keyServer.stop();
    await until('the key server named', () => lines.length === 1);
    assert.deepEqual(lines, ['The key server is not answering; keys for tipped tracks wait for it.']);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(lines.length, 1, 'once per change, not at every check');
    await devnet.stop();
    await until('the chain named', () => lines.length === 2);
    assert.equal(
      lines[1],
      "The network's chain is not answering; tips, publishing and the catalogue wait for it.",
    );
    assert.ok(
      !lines.join('\n').includes(rpcUrl) && !lines.join('\n').includes(keyServer.url),
      'no addresses',
    );
  } finally {
    stop();
  }
});
