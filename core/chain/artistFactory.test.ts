import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Wallet } from 'ethers';
import { connectArtist, parseFactoryLog } from '../../protocol/contracts';
import { assertRevertsWith, startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';

describe('ArtistFactory', () => {
  let chain: ContractFixture;
  let snapshotId: string;
  before(async () => {
    chain = await startContractFixture();
  });
  after(async () => {
    await chain?.close();
  });
  beforeEach(async () => {
    snapshotId = await chain.snapshot();
  });
  afterEach(async () => {
    await chain.revert(snapshotId);
  });

  it('createArtist emits ArtistCreated with the owner, the new contract and the name', async () => {
    const owner = chain.wallets[1]!;
    const predicted = await chain.factory.connect(owner).createArtist.staticCall('Nina Strings');
    const receipt = await (await chain.factory.connect(owner).createArtist('Nina Strings')).wait();
    const events = (receipt?.logs ?? []).map((log) => parseFactoryLog(log)).filter((event) => event !== null);
    assert.deepEqual(events, [
      { name: 'ArtistCreated', args: { owner: owner.address, artist: predicted, name: 'Nina Strings' } },
    ]);
    const artist = connectArtist(predicted, chain.provider);
    assert.equal(await artist.owner(), owner.address);
    assert.equal(await artist.name(), 'Nina Strings');
    assert.equal(await artist.trackCount(), 0n);
  });

  it('isArtist is true for contracts it made and false for anything else', async () => {
    const artist = await chain.createArtist(chain.wallets[1]!);
    assert.equal(await chain.factory.isArtist(await artist.getAddress()), true);
    assert.equal(await chain.factory.isArtist(chain.wallets[1]!.address), false);
    assert.equal(await chain.factory.isArtist(chain.deployment.implementation), false);
    assert.equal(await chain.factory.isArtist(Wallet.createRandom().address), false);
  });

  it('gives each call its own contract, owned by its caller', async () => {
    const first = await chain.createArtist(chain.wallets[1]!, 'One');
    const second = await chain.createArtist(chain.wallets[2]!, 'Two');
    const again = await chain.createArtist(chain.wallets[1]!, 'One, again');
    const addresses = await Promise.all([first, second, again].map((artist) => artist.getAddress()));
    assert.equal(new Set(addresses).size, 3);
    assert.equal(await second.owner(), chain.wallets[2]!.address);
    assert.equal(await again.name(), 'One, again');
  });

  it('makes minimal clones of one implementation', async () => {
    const artist = await chain.createArtist(chain.wallets[1]!);
    const code = await chain.provider.getCode(await artist.getAddress());
    const implementation = chain.deployment.implementation.slice(2).toLowerCase();
    assert.equal(code, `0x363d3d373d3d3d363d73${implementation}5af43d82803e903d91602b57fd5bf3`);
  });

  it('locks the implementation and every clone against a second initialize', async () => {
    const stranger = chain.wallets[3]!;
    const implementation = connectArtist(chain.deployment.implementation, stranger);
    await assertRevertsWith(implementation.initialize(stranger.address, 'Mine now'), 'InvalidInitialization');
    const artist = await chain.createArtist(chain.wallets[1]!);
    await assertRevertsWith(
      artist.connect(stranger).initialize(stranger.address, 'Mine now'),
      'InvalidInitialization',
    );
    assert.equal(await artist.owner(), chain.wallets[1]!.address);
  });
});
