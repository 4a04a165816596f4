// `busker publish` on a data folder the app set up: it opens the app's keys with the wallet
// passphrase, so it finishes jobs the app wrapped under its old key and sends the network's
// saved pinning token to a seed that requires one — the same publishing service as the app.
import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeNetworkFile } from '../../protocol/networkFile';
import { pinningNetworkKey, savePinningToken } from '../../core/app/pinningTokens';
import type { SessionKeys } from '../../core/app/sessionKeys';
import { deriveSessionKeys } from '../../core/app/sessionKeys';
import { openPublishDatabase, publishDatabasePath } from '../../core/publish/publishDatabase';
import { PublishJobStore } from '../../core/publish/publishJobStore';
import { PublishTestbed, generateTracks } from '../../core/publish/testing/publishTestbed';
import { HOST_SECRET_FILE } from '../../core/wallet/keychainSealed';
import { WalletStore } from '../../core/wallet/walletStore';
import { startSeed } from '../../seed/seedServer';
import type { RunningSeed } from '../../seed/seedServer';
import { runBusker } from '../testSupport/runBusker';
import { testSeedConfig } from '../../seed/testing/testSeed';

const passphrase = 'app and cli passphrase';
const seedToken = 'seed-token-123';
let bed: PublishTestbed;
let seed: RunningSeed;
let networkFile: string;
let dataDir: string;
let keys: SessionKeys;

before(async () => {
  bed = await PublishTestbed.start();
  const chain = {
    chainId: bed.harness.chainId,
    rpcUrl: bed.harness.fixture.node.rpcUrl,
    factory: bed.harness.fixture.deployment.factory,
  };
  seed = await startSeed(testSeedConfig(bed.harness.fixture, join(bed.dir, 'seed'), { pinToken: seedToken }));
  networkFile = join(bed.dir, 'network.json');
  // The §6 shape: only a description lists seeds.
  await writeNetworkFile(networkFile, {
    busker: 1,
    name: 'Seeded test network',
    chain: { ...chain, rpcUrls: [chain.rpcUrl], factoryBlock: 0, confirmations: 1 },
    keyServer: bed.server.url,
    seeds: [
      {
        peerId: seed.peerId,
        multiaddrs: seed.multiaddrs,
        pinning: seed.pinningUrl,
        gateway: seed.gatewayUrl,
      },
    ],
  });
  // What the headless app leaves in its data folder: the wallet, and the vault key's salt (its
  // secret is the passphrase). The testbed's owner is an artist already.
  dataDir = join(bed.dir, 'app-data');
  await new WalletStore(dataDir, { scryptN: 1024 }).importPrivateKey(bed.owner.privateKey, passphrase);
  keys = await deriveSessionKeys(passphrase, dataDir, { N: 1024, r: 8, p: 1 });
});

after(async () => {
  await seed?.close();
  await bed?.close();
});

function publish(folder: string, args: string[], env: Record<string, string>) {
  return runBusker(['publish', ...args, '--network', networkFile, '--data', folder], {
    env: { PATH: process.env.PATH ?? '', XDG_DATA_HOME: join(bed.dir, 'xdg'), ...env },
    timeoutMs: 170_000,
  });
}

test('a job the app wrapped under its old key is rewrapped and finished, as the app does', async () => {
  const [track] = await generateTracks(join(bed.dir, 'audio-old-key'), 'old-key');
  const db = openPublishDatabase(publishDatabasePath(dataDir));
  try {
    const appPublisher = bed.publisher({
      store: new PublishJobStore(db),
      contentStore: await bed.contentStore('app-ipfs'),
      wrappingKey: keys.legacyPublishWrappingKey,
    });
    await appPublisher.enqueue({ path: track!.path, price: 10n ** 15n });
  } finally {
    db.close();
  }
  // Without the passphrase (only the private key) the old key cannot be opened: the job fails.
  const copy = join(bed.dir, 'app-data-copy');
  await cp(dataDir, copy, { recursive: true });
  const keyFile = join(bed.dir, 'owner.key');
  await writeFile(keyFile, `${bed.owner.privateKey}\n`, { mode: 0o600 });
  const withoutKeys = await publish(copy, [], { BUSKER_PRIVATE_KEY_FILE: keyFile });
  assert.equal(withoutKeys.code, 1, withoutKeys.stderr);
  assert.match(withoutKeys.stdout, /failed +.*: Busker cannot open this publish job/);

  const finished = await publish(dataDir, [], { BUSKER_WALLET_PASSPHRASE: passphrase });
  assert.match(finished.stderr, /Finishing 1 unfinished track\(s\) first/);
  // The seed wants a token nobody saved yet: published, but waiting for a seed.
  assert.equal(finished.code, 1, finished.stdout + finished.stderr);
  assert.match(finished.stdout, /waiting +.*\(key-deposited\): .*needs a pinning token/);
});

test("the network's saved pinning token reaches its seed; a second copy is refused by title", async () => {
  await savePinningToken(
    dataDir,
    keys.vaultKey,
    pinningNetworkKey({ chainId: bed.harness.chainId, factory: bed.harness.fixture.deployment.factory }),
    seedToken,
  );
  const [track] = await generateTracks(join(bed.dir, 'audio-token'), 'token');
  const published = await publish(dataDir, [track!.path, '--price', '0.001'], {
    BUSKER_WALLET_PASSPHRASE: passphrase,
  });
  assert.equal(published.code, 0, published.stdout + published.stderr);
  const done = published.stdout.match(/^done +.*stored on 1 seed$/gm) ?? [];
  assert.equal(done.length, 2, 'the waiting job and the new one: ' + published.stdout);
  const db = openPublishDatabase(publishDatabasePath(dataDir));
  try {
    const jobs = new PublishJobStore(db).list(bed.harness.chainId, bed.artist);
    assert.equal(jobs.length, 2);
    for (const job of jobs)
      assert.equal(await seed.content.isPinned(job.audioCid!), true, 'the seed keeps it');
  } finally {
    db.close();
  }

  const again = await publish(dataDir, [track!.path, '--price', '0.001'], {
    BUSKER_WALLET_PASSPHRASE: passphrase,
  });
  assert.equal(again.code, 1);
  assert.match(
    again.stdout,
    new RegExp(
      `refused +.*: You published this file already: it is track \\d+ of your catalogue, "${track!.title}"`,
    ),
  );
});

test("in the desktop app's data folder the command says its vault is sealed, and what to do", async () => {
  const help = await publish(dataDir, ['--help'], {});
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Pinning token: .*saved for the network in the app's\s+Settings/s);
  assert.match(help.stdout, /BUSKER_WALLET_PASSPHRASE opens/);
  assert.match(
    help.stdout,
    /system keychain \(safeStorage\), which this command cannot open: publish\s+from the desktop app/,
  );

  const desktop = join(bed.dir, 'desktop-app-data');
  await cp(dataDir, desktop, { recursive: true });
  await writeFile(join(desktop, HOST_SECRET_FILE), Buffer.from('sealed by the keychain'));
  const keyFile = join(bed.dir, 'desktop-owner.key');
  await writeFile(keyFile, `${bed.owner.privateKey}\n`, { mode: 0o600 });
  // The passphrase alone, or beside a key file: it cannot open the sealed wallet or vault.
  const envs: Record<string, string>[] = [
    { BUSKER_WALLET_PASSPHRASE: passphrase },
    { BUSKER_WALLET_PASSPHRASE: passphrase, BUSKER_PRIVATE_KEY_FILE: keyFile },
  ];
  for (const env of envs) {
    const refused = await publish(desktop, [], env);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /^busker publish: This data folder is the desktop app's: .*keychain/m);
    assert.match(
      refused.stderr,
      /Do this in the desktop app instead, or give the command a data folder of its own/,
    );
    assert.doesNotMatch(refused.stderr, /failed|does not unlock/);
  }
});
