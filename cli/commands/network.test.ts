import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Wallet, parseEther } from 'ethers';
import { marketSettingsPath, writeMarketSettings } from '../../core/app/marketSettings';
import { keyCommitment } from '../../protocol/keyCommitment';
import { createHeliaContentStore } from '../../core/storage/heliaContentStore';
import { referenceCid } from '../../core/storage/testSupport/referenceCid';
import { KeyServerHarness } from '../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../keyserver/testing/testDatabases';
import { startBackend } from '../../keyserver/testing/testDatabases';
import { contentDirectoryName } from './catalogue';
import { runBusker } from '../testSupport/runBusker';

// `busker network` end to end: a real anvil, contracts and key server; the CLI runs as its own
// process. The local network file does not exist, so a command that works used the custom network.
let root: string;
let dataDir: string;
let networkFile: string;
let backend: TestBackend;
let harness: KeyServerHarness;
let keyServerUrl: string;
let env: NodeJS.ProcessEnv;

const busker = (...args: string[]) => runBusker(args, { env });

function savedSettings(): unknown {
  return JSON.parse(readFileSync(marketSettingsPath(dataDir), 'utf8'));
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'busker-cli-network-'));
  dataDir = join(root, 'data');
  networkFile = join(root, 'no-network.json');
  backend = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  const server = await harness.startServer({
    store: await (await backend.createDatabase()).open(),
    ownsStore: true,
  });
  keyServerUrl = server.url;
  const artist = await harness.fixture.createArtist(harness.wallet(1), 'Network Artist');

  // The metadata is already in the listener's own IPFS store (as if fetched from the artist's peer).
  const content = await createHeliaContentStore({ directory: join(dataDir, contentDirectoryName) });
  const metadata = { busker: 1, title: 'Far Chain', artist: 'Busker Band', mime: 'audio/ogg', size: 4096 };
  const metadataCid = await content.add([Buffer.from(JSON.stringify(metadata))]);
  await content.close();
  await (
    await artist.publishTrack(
      metadataCid,
      await referenceCid(randomBytes(32)),
      randomBytes(32),
      keyCommitment(randomBytes(32)),
      parseEther('0.001'),
    )
  ).wait();
  // A cache limit the user chose: choosing a network keeps it.
  await writeMarketSettings(dataDir, { network: null, cacheLimitBytes: 12345 });
  env = { ...process.env, XDG_DATA_HOME: join(root, 'xdg'), BUSKER_NETWORK_FILE: networkFile };
});

after(async () => {
  await harness?.close();
  await backend?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('busker network chooses a checked custom network that the commands then use, and goes back to local', async () => {
  const rpcUrl = harness.fixture.node.rpcUrl;
  const factory = harness.fixture.deployment.factory;

  const initial = await busker('network', '--data', dataDir);
  assert.equal(initial.code, 1);
  assert.equal(initial.stdout, `network     local\nfile        ${networkFile}\n`);
  assert.match(initial.stderr, /No network file at/);

  const noCode = Wallet.createRandom().address;
  const wrongFactory = await busker(
    'network',
    'custom',
    '--rpc-url',
    rpcUrl,
    '--factory',
    noCode,
    '--key-server',
    keyServerUrl,
    '--data',
    dataDir,
  );
  assert.equal(wrongFactory.code, 1, wrongFactory.stderr);
  assert.match(wrongFactory.stderr, /busker network: There is no contract at 0x[0-9a-fA-F]{40} on chain \d+/);
  const unreachable = await busker(
    'network',
    'custom',
    '--rpc-url',
    'http://127.0.0.1:1',
    '--factory',
    factory,
    '--key-server',
    keyServerUrl,
    '--data',
    dataDir,
  );
  assert.equal(unreachable.code, 1, unreachable.stderr);
  assert.match(unreachable.stderr, /busker network: No Ethereum node answers at http:\/\/127\.0\.0\.1:1/);
  assert.deepEqual(savedSettings(), { network: null, cacheLimitBytes: 12345 });

  const usage = await busker('network', 'custom', '--rpc-url', rpcUrl, '--data', dataDir);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Give --factory, --key-server for a custom network/);

  const saved = await busker(
    'network',
    'custom',
    '--rpc-url',
    rpcUrl,
    '--factory',
    factory.toLowerCase(),
    '--key-server',
    keyServerUrl,
    '--data',
    dataDir,
  );
  assert.equal(saved.code, 0, saved.stderr);
  assert.deepEqual(savedSettings(), {
    network: { rpcUrl, chainId: harness.chainId, factory, keyServerUrl },
    cacheLimitBytes: 12345,
  });
  const shown = await busker('network', '--data', dataDir);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(
    shown.stdout,
    `network     custom\nrpc         ${rpcUrl}\nchain       ${harness.chainId}\n` +
      `factory     ${factory}\nkey server  ${keyServerUrl}\n`,
  );

  // No --network: the catalogue comes from the custom network's chain.
  const catalogue = await busker('catalogue', '--json', '--data', dataDir);
  assert.equal(catalogue.code, 0, catalogue.stderr);
  const listing = JSON.parse(catalogue.stdout) as { tracks: { title: string }[] };
  assert.deepEqual(
    listing.tracks.map((track) => track.title),
    ['Far Chain'],
  );

  const local = await busker('network', 'local', '--data', dataDir);
  assert.equal(local.code, 0, local.stderr);
  assert.deepEqual(savedSettings(), { network: null, cacheLimitBytes: 12345 });
  const backToLocal = await busker('network', '--data', dataDir);
  assert.equal(backToLocal.code, 1);
  assert.match(backToLocal.stdout, /^network {5}local\n/);
  const noNetwork = await busker('catalogue', '--data', dataDir);
  assert.equal(noNetwork.code, 1);
  assert.match(noNetwork.stderr, /busker catalogue: No network file at .*no-network\.json/);
  assert.ok(existsSync(marketSettingsPath(dataDir)));
});
