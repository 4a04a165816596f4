// `busker artist create` and `busker publish` as real processes, against a real anvil, a real
// key server and the CLI's own Helia store in its data folder.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeNetworkFile } from '../../protocol/networkFile';
import { connectArtist } from '../../protocol/contracts';
import { keyMatchesCommitment } from '../../protocol/keyCommitment';
import { findArtistContract } from '../../core/publish/becomeArtist';
import { PublishTestbed, generateTracks } from '../../core/publish/testing/publishTestbed';
import { runBusker } from '../testSupport/runBusker';

let bed: PublishTestbed;
let networkFile: string;
let keyFile: string;
let dataDir: string;

before(async () => {
  bed = await PublishTestbed.start();
  networkFile = join(bed.dir, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: bed.harness.chainId,
    rpcUrl: bed.harness.fixture.node.rpcUrl,
    factory: bed.harness.fixture.deployment.factory,
    keyServer: bed.server.url,
  });
  keyFile = join(bed.dir, 'artist.key');
  await writeFile(keyFile, `${bed.harness.wallet(6).privateKey}\n`, { mode: 0o600 });
  dataDir = join(bed.dir, 'cli-data');
});

after(async () => {
  await bed?.close();
});

function busker(args: string[], env: Record<string, string> = { BUSKER_PRIVATE_KEY_FILE: keyFile }) {
  return runBusker(args, {
    env: { PATH: process.env.PATH ?? '', XDG_DATA_HOME: join(bed.dir, 'xdg'), ...env },
  });
}

test('artist create, then publish files: tracks on chain with their keys deposited', async () => {
  const common = ['--network', networkFile, '--data', dataDir];
  const noWallet = await busker(['artist', 'create', 'CLI Artist', ...common], {});
  assert.equal(noWallet.code, 1);
  assert.match(noWallet.stderr, /busker wallet create.*or set BUSKER_PRIVATE_KEY_FILE/);

  const notYet = await busker(['publish', join(bed.dir, 'x.wav'), '--price', '0.001', ...common]);
  assert.equal(notYet.code, 1);
  // The app's words (one check for both), then how to do it here.
  assert.match(
    notYet.stderr,
    /^busker publish: Become an artist first: your artist contract is made once\. On the command line: `busker artist create <name>`\.$/m,
  );

  const created = await busker(['artist', 'create', 'CLI Artist', ...common]);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Created the artist contract 0x[0-9a-fA-F]{40} for "CLI Artist"/);
  const again = await busker(['artist', 'create', 'Other Name', ...common]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already an artist: 0x[0-9a-fA-F]{40} \("CLI Artist"\)\. Nothing was created/);

  const noKeyServerFile = join(bed.dir, 'no-key-server.json');
  await writeNetworkFile(noKeyServerFile, {
    chainId: bed.harness.chainId,
    rpcUrl: bed.harness.fixture.node.rpcUrl,
    factory: bed.harness.fixture.deployment.factory,
  });
  const noKeyServer = await busker([
    'publish',
    join(bed.dir, 'x.wav'),
    '--price',
    '0.001',
    '--network',
    noKeyServerFile,
    '--data',
    dataDir,
  ]);
  assert.equal(noKeyServer.code, 1);
  assert.match(
    noKeyServer.stderr,
    /^busker publish: This network names no key server, so listeners could never get your keys\. Choose a network with one\. On the command line: join one with `busker network join <key server address>`/m,
  );

  const usage = await busker(['publish', 'a.wav', '--price', 'lots', ...common]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /"lots" is not a price in ETH/);

  const tracks = await generateTracks(join(bed.dir, 'cli-audio'), 'cli');
  const notes = join(bed.dir, 'liner-notes.mp3');
  await writeFile(notes, 'Liner notes, not a song.\n');
  const published = await busker([
    'publish',
    ...tracks.map((track) => track.path),
    notes,
    '--price',
    '0.001',
    ...common,
  ]);
  assert.equal(published.code, 1, 'one file was refused');
  assert.match(
    published.stdout,
    /refused +.*liner-notes\.mp3: This file is not audio: it starts like plain text/,
  );
  assert.equal(published.stdout.match(/^done +/gm)?.length, 3, published.stdout + published.stderr);
  assert.match(published.stderr, /encrypting into IPFS 100%/);
  assert.match(published.stderr, /depositing the key with the key server/);

  const account = await findArtistContract(
    bed.provider,
    bed.harness.fixture.deployment.factory,
    bed.harness.wallet(6).address,
  );
  assert.ok(account);
  const artist = connectArtist(account.artist, bed.provider);
  assert.equal(await artist.trackCount(), 3n);
  const listener = bed.harness.wallet(7);
  for (const trackId of [0, 1, 2]) {
    const track = await artist.track(trackId);
    assert.equal(track.price, 10n ** 15n);
    await bed.harness.tip(listener, {
      artist: account.artist,
      trackId,
      price: track.price,
      contentKey: Buffer.alloc(0),
    });
    const key = await bed.keyServer.unlock(listener, { artist: account.artist, trackId });
    assert.ok(keyMatchesCommitment(key, Buffer.from(track.keyCommitment.slice(2), 'hex')));
  }

  const nothingLeft = await busker(['publish', ...common]);
  assert.equal(nothingLeft.code, 0, nothingLeft.stderr);
  assert.equal(await artist.trackCount(), 3n, 'running again publishes nothing twice');
});
