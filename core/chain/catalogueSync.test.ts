import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JsonRpcProvider } from 'ethers';
import { id } from 'ethers';
import { CatalogueStore } from './catalogueStore';
import { CatalogueSync } from './catalogueSync';
import type { CatalogueSyncOptions } from './catalogueSync';
import { openChainDatabase } from './chainDatabase';
import type { ChainDatabase } from './chainDatabase';
import { startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';
import type { ArtistContract } from '../../protocol/contracts';
import { deployFactory } from '../../devnet/deploy';
import { createProvider } from '../../protocol/rpcProvider';
import { recordRpcCalls } from './rpcCallLog';

const chainId = 31337;
let fixture: ContractFixture;
let provider: JsonRpcProvider;
let folder: string;

before(async () => {
  fixture = await startContractFixture();
  provider = createProvider(fixture.node.rpcUrl, { chainId });
  folder = mkdtempSync(join(tmpdir(), 'busker-catalogue-'));
});

after(async () => {
  provider.destroy();
  await fixture.close();
  rmSync(folder, { recursive: true, force: true });
});

let databaseCount = 0;
function freshDatabase(): { db: ChainDatabase; file: string } {
  const file = join(folder, `catalogue-${(databaseCount += 1)}.sqlite`);
  return { db: openChainDatabase(file), file };
}

function syncFor(
  db: ChainDatabase,
  overrides: Partial<CatalogueSyncOptions> = {},
): { sync: CatalogueSync; store: CatalogueStore } {
  const store = new CatalogueStore(db);
  const sync = new CatalogueSync({
    provider,
    store,
    chainId,
    factory: fixture.deployment.factory,
    startBlock: fixture.deployment.blockNumber,
    confirmations: 0,
    ...overrides,
  });
  return { sync, store };
}

async function publish(artist: ArtistContract, label: string, price = 1_000n): Promise<void> {
  const receipt = await (
    await artist.publishTrack(
      `meta-${label}`,
      `audio-${label}`,
      id(`content-${label}`),
      id(`key-${label}`),
      price,
    )
  ).wait();
  assert.equal(receipt?.status, 1);
}

async function mine(blocks: number): Promise<void> {
  await provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
}

function metadataCids(store: CatalogueStore): string[] {
  return store.listTracks().map((track) => track.metadataCid);
}

describe('catalogue sync', () => {
  test('stores artists and tracks with their fields, prices and retirements', async () => {
    const [, alice, bob] = fixture.wallets;
    assert.ok(alice && bob);
    const aliceArtist = await fixture.createArtist(alice, 'Alice & the Testers');
    const bobArtist = await fixture.createArtist(bob, 'Bob');
    await publish(aliceArtist, 'a0', 10n);
    await publish(bobArtist, 'b0', 20n);
    await publish(aliceArtist, 'a1', 30n);
    await (await aliceArtist.setPrice(0, 15n)).wait();
    await (await bobArtist.retireTrack(0)).wait();

    const { db } = freshDatabase();
    // A small chunk size so the range is read in several eth_getLogs chunks.
    const { sync, store } = syncFor(db, { chunkSize: 2 });
    const report = await sync.sync();
    assert.equal(report.artistsAdded, 2);
    assert.equal(report.tracksAdded, 3);
    assert.equal(report.changesApplied, 2);
    assert.equal(report.toBlock, await provider.getBlockNumber());

    const aliceAddress = await aliceArtist.getAddress();
    const bobAddress = await bobArtist.getAddress();
    const artists = store.listArtists();
    assert.deepEqual(
      artists.map(({ address, owner, name }) => ({ address, owner, name })),
      [
        { address: aliceAddress, owner: alice.address, name: 'Alice & the Testers' },
        { address: bobAddress, owner: bob.address, name: 'Bob' },
      ],
    );
    assert.ok(artists.every((artist) => artist.createdBlock > fixture.deployment.blockNumber));

    const a0 = store.getTrack(aliceAddress, 0);
    assert.ok(a0);
    assert.deepEqual(
      { ...a0, publishedBlock: undefined },
      {
        artist: aliceAddress,
        trackId: 0,
        metadataCid: 'meta-a0',
        audioCid: 'audio-a0',
        contentHash: id('content-a0'),
        keyCommitment: id('key-a0'),
        price: 15n,
        retired: false,
        publishedBlock: undefined,
      },
    );
    assert.equal(store.getTrack(aliceAddress, 1)?.price, 30n);
    assert.equal(store.getTrack(bobAddress, 0)?.retired, true);
    assert.equal(store.getTrack(bobAddress, 0)?.price, 20n);

    // What the catalogue says is what the contract says.
    const onChain = await aliceArtist.track(0);
    assert.equal(onChain.price, a0.price);
    assert.equal(onChain.contentHash, a0.contentHash);

    // Nothing new: a second sync reads nothing and changes nothing.
    const again = await sync.sync();
    assert.equal(again.tracksAdded + again.artistsAdded + again.changesApplied, 0);
    assert.equal(store.countTracks(), 3);
    db.close();
  });

  test('stores nothing shallower than the confirmation depth, so a shallow re-org leaves no ghost', async () => {
    const [, , , carol] = fixture.wallets;
    assert.ok(carol);
    const artist = await fixture.createArtist(carol, 'Carol');
    const artistAddress = await artist.getAddress();
    await publish(artist, 'carol-kept');
    await mine(3);

    const { db } = freshDatabase();
    const { sync, store } = syncFor(db, { confirmations: 3 });
    await sync.sync();
    assert.ok(metadataCids(store).includes('meta-carol-kept'));

    const snapshot = await fixture.snapshot();
    const snapshotHead = await provider.getBlockNumber();
    await publish(artist, 'carol-ghost');
    await mine(1);
    const beforeReorg = await sync.sync();
    assert.ok(beforeReorg.toBlock <= snapshotHead, 'the sync stopped short of the blocks still shallow');
    assert.ok(!metadataCids(store).includes('meta-carol-ghost'));

    // The ghost's two blocks are dropped: shallower than the 3 confirmations.
    await fixture.revert(snapshot);
    assert.equal(await provider.getBlockNumber(), snapshotHead);
    await publish(artist, 'carol-replacement');
    const tooShallow = await sync.sync();
    assert.equal(tooShallow.rolledBackTo, undefined);
    assert.equal(store.getTrack(artistAddress, 1), undefined, 'the replacement is not final yet');

    await mine(3);
    const report = await sync.sync();
    assert.equal(report.rolledBackTo, undefined, 'no stored block was re-organised');
    assert.ok(!metadataCids(store).includes('meta-carol-ghost'), 'the dropped track never appears');
    assert.equal(store.getTrack(artistAddress, 1)?.metadataCid, 'meta-carol-replacement');
    assert.equal(metadataCids(store).filter((cid) => cid === 'meta-carol-replacement').length, 1);
    db.close();
  });

  test('rolls back a re-org deeper than the confirmation depth, undoing tracks and price changes', async () => {
    const [, , , , dave] = fixture.wallets;
    assert.ok(dave);
    const artist = await fixture.createArtist(dave, 'Dave');
    const artistAddress = await artist.getAddress();
    await publish(artist, 'dave-kept', 100n);
    await mine(1);

    const { db } = freshDatabase();
    const { sync, store } = syncFor(db, { confirmations: 1 });
    await sync.sync();
    const keptCheckpoint = store.readState()?.cursorBlock;

    const snapshot = await fixture.snapshot();
    await publish(artist, 'dave-ghost');
    await (await artist.setPrice(0, 999n)).wait();
    await mine(2);
    await sync.sync();
    assert.ok(metadataCids(store).includes('meta-dave-ghost'));
    assert.equal(store.getTrack(artistAddress, 0)?.price, 999n);

    // Four blocks dropped, deeper than the one confirmation the sync trusted.
    await fixture.revert(snapshot);
    await publish(artist, 'dave-replacement', 7n);
    await mine(4);
    const report = await sync.sync();
    assert.equal(report.rolledBackTo, keptCheckpoint);
    assert.ok(!metadataCids(store).includes('meta-dave-ghost'));
    assert.equal(store.getTrack(artistAddress, 0)?.price, 100n, 'the dropped price change is undone');
    assert.equal(store.getTrack(artistAddress, 1)?.metadataCid, 'meta-dave-replacement');
    assert.equal(store.getTrack(artistAddress, 1)?.price, 7n);
    db.close();
  });

  test('a new sync on the same database resumes from the cursor, not from block 0', async () => {
    const [, , , , , erin] = fixture.wallets;
    assert.ok(erin);
    const artist = await fixture.createArtist(erin, 'Erin');
    await publish(artist, 'erin-1');
    const { db, file } = freshDatabase();
    const first = syncFor(db);
    await first.sync.sync();
    const cursor = first.store.readState()?.cursorBlock;
    const tracksBefore = first.store.countTracks();
    assert.ok(cursor !== undefined && cursor > 0);
    db.close();

    await publish(artist, 'erin-2');
    await mine(5);

    const reopened = openChainDatabase(file);
    const calls = await recordRpcCalls(provider);
    try {
      const { sync, store } = syncFor(reopened);
      const report = await sync.sync();
      assert.equal(report.fromBlock, cursor + 1);
      const getLogs = calls.of('eth_getLogs');
      assert.ok(getLogs.length > 0);
      for (const call of getLogs) {
        const filter = call.params[0] as { fromBlock: string };
        assert.ok(
          Number(filter.fromBlock) > cursor,
          `eth_getLogs from ${filter.fromBlock} re-read synced blocks`,
        );
      }
      assert.equal(store.countTracks(), tracksBefore + 1);
      assert.ok(metadataCids(store).includes('meta-erin-2'));
    } finally {
      calls.stop();
      reopened.close();
    }
  });

  test('a catalogue of another factory is dropped, not mixed with the new one', async () => {
    const { db } = freshDatabase();
    const { sync, store } = syncFor(db);
    await sync.sync();
    assert.ok(store.countTracks() > 0);

    const [deployer, , , , , , frank] = fixture.wallets;
    assert.ok(deployer && frank);
    const other = await deployFactory(deployer);
    const otherSync = new CatalogueSync({
      provider,
      store,
      chainId,
      factory: other.factory,
      startBlock: other.blockNumber,
      confirmations: 0,
    });
    const report = await otherSync.sync();
    assert.equal(report.fromBlock, other.blockNumber);
    assert.equal(store.countTracks(), 0);
    assert.deepEqual(store.listArtists(), []);
    db.close();
  });

  test('rejects a confirmation depth that is not a whole number', () => {
    const { db } = freshDatabase();
    assert.throws(() => syncFor(db, { confirmations: -1 }), /confirmations must be a whole number/);
    assert.throws(() => syncFor(db, { confirmations: 1.5 }), /confirmations must be a whole number/);
    db.close();
  });
});
