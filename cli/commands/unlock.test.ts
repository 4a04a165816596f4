import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Wallet, parseEther, toQuantity } from 'ethers';
import { writeNetworkFile } from '../../protocol/networkFile';
import { keyCommitment } from '../../protocol/keyCommitment';
import { createHeliaContentStore } from '../../core/storage/heliaContentStore';
import { referenceCid } from '../../core/storage/testSupport/referenceCid';
import { KeyServerClient } from '../../core/unlock/keyServerClient';
import { KeyServerHarness } from '../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../keyserver/testing/testDatabases';
import { startBackend } from '../../keyserver/testing/testDatabases';
import { contentDirectoryName } from './catalogue';
import { runBusker } from '../testSupport/runBusker';

// `busker catalogue` and `busker unlock` end to end: a real anvil, contracts, key server
// (2 confirmations) and Helia store; the CLI runs as its own process.
let root: string;
let backend: TestBackend;
let harness: KeyServerHarness;
let env: NodeJS.ProcessEnv;
let artistAddress: string;
const price = parseEther('0.002');

const busker = (...args: string[]) => runBusker(args, { env });

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'busker-cli-unlock-'));
  const dataDir = join(root, 'data');
  backend = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  const server = await harness.startServer({
    store: await (await backend.createDatabase()).open(),
    ownsStore: true,
    confirmations: 2,
  });
  const owner = harness.wallet(1);
  const artist = await harness.fixture.createArtist(owner, 'CLI Artist');
  artistAddress = await artist.getAddress();

  // The metadata is already in the listener's own IPFS store (as if fetched from the artist's peer).
  const content = await createHeliaContentStore({ directory: join(dataDir, contentDirectoryName) });
  const publish = async (metadataCid: string) => {
    const contentKey = randomBytes(32);
    const trackId = Number(await artist.trackCount());
    const audioCid = await referenceCid(randomBytes(32));
    await (
      await artist.publishTrack(metadataCid, audioCid, randomBytes(32), keyCommitment(contentKey), price)
    ).wait();
    return { artist: artistAddress, trackId, contentKey };
  };
  const metadata = { busker: 1, title: 'Night Bus', artist: 'Busker Band', mime: 'audio/ogg', size: 4096 };
  const track = await publish(await content.add([Buffer.from(JSON.stringify(metadata))]));
  await publish(await content.add([Buffer.from(JSON.stringify({ ...metadata, title: 5 }))]));
  await content.close();
  const depositor = new KeyServerClient(server.url, {
    chainId: harness.chainId,
    factory: harness.fixture.deployment.factory,
  });
  await depositor.deposit(owner, track, track.contentKey);

  const networkFile = join(root, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
    keyServer: server.url,
  });
  const listener = Wallet.createRandom();
  await harness.fixture.provider.send('anvil_setBalance', [listener.address, toQuantity(parseEther('1'))]);
  const keyFile = join(root, 'listener.key');
  writeFileSync(keyFile, `${listener.privateKey}\n`, { mode: 0o600 });
  env = {
    ...process.env,
    XDG_DATA_HOME: join(root, 'xdg'),
    BUSKER_NETWORK_FILE: networkFile,
    BUSKER_DATA_DIR_FOR_TEST: dataDir,
    BUSKER_PRIVATE_KEY_FILE: keyFile,
    BUSKER_WALLET_PASSPHRASE: 'a listener passphrase',
  };
});

after(async () => {
  await harness?.close();
  await backend?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('busker catalogue lists the locked track and why another is left out; busker unlock tips, waits and unlocks it', async () => {
  const dataDir = env.BUSKER_DATA_DIR_FOR_TEST!;
  const before = await busker('catalogue', '--json', '--data', dataDir);
  assert.equal(before.code, 0, before.stderr);
  const listing = JSON.parse(before.stdout) as {
    tracks: { artist: string; trackId: number; title: string; price: string; unlocked: boolean }[];
    leftOut: { trackId: number; reason: string }[];
  };
  assert.deepEqual(
    listing.tracks.map((track) => [track.title, track.price, track.unlocked]),
    [['Night Bus', price.toString(), false]],
  );
  assert.match(listing.leftOut[0]?.reason ?? '', /"title" must be text/);

  // A real chain keeps mining: the tip gets its confirmations while the CLI waits.
  const miner = setInterval(
    () => void harness.fixture.provider.send('evm_mine', []).catch(() => undefined),
    300,
  );
  let unlocked;
  try {
    unlocked = await busker('unlock', `${artistAddress}:0`, '--data', dataDir);
  } finally {
    clearInterval(miner);
  }
  assert.equal(unlocked.code, 0, unlocked.stderr);
  assert.match(
    unlocked.stderr,
    /Tipping the artist…\nTip sent: 0x[0-9a-f]{64}\n(.|\n)*Confirming \d\/2…(.|\n)*Fetching the key…\nReady/,
  );
  assert.equal(unlocked.stdout, `Unlocked ${artistAddress}:0.\n`);

  const after = await busker('catalogue', '--data', dataDir);
  assert.equal(after.code, 0, after.stderr);
  // The artist named is who the tip paid: the contract's on-chain name, not the file's own tag.
  assert.match(after.stdout, /Night Bus\s+CLI Artist\s+0\.002 ETH\s+unlocked/);
  assert.doesNotMatch(after.stdout, /Busker Band/);
  assert.match(after.stdout, /Not listed \(1\):\n.*:1 {2}The track's metadata was refused/);

  // Again: nothing to pay, the key is already there.
  const again = await busker('unlock', `${artistAddress}:0`, '--data', dataDir);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /Tip sent/);

  const usage = await busker('unlock', 'not-a-track', '--data', dataDir);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /<artist contract>:<track number>/);
  const withKey = env;
  env = { ...withKey, BUSKER_PRIVATE_KEY_FILE: '' };
  const noWallet = await busker('unlock', `${artistAddress}:1`, '--data', dataDir);
  env = withKey;
  assert.equal(noWallet.code, 1);
  assert.match(noWallet.stderr, /busker wallet create.*or set BUSKER_PRIVATE_KEY_FILE/);

  // A network without a key server: the app's words (one check for both), then the way here.
  const noKeyServerFile = join(root, 'no-key-server.json');
  await writeNetworkFile(noKeyServerFile, {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
  });
  const noKeyServer = await busker(
    'unlock',
    `${artistAddress}:1`,
    '--data',
    dataDir,
    '--network',
    noKeyServerFile,
  );
  assert.equal(noKeyServer.code, 1);
  assert.match(
    noKeyServer.stderr,
    /^busker unlock: This network names no key server, so no track can be unlocked\. On the command line: join one with `busker network join/m,
  );
});
