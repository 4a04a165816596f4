import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ContractFixture } from '../../testkit/contractFixture';
import { startContractFixture } from '../../testkit/contractFixture';
import { connectArtist } from '../../protocol/contracts';
import { assertArtistOwner, becomeArtist, findArtistContract } from './becomeArtist';
import { PublishError } from './publishError';

let fixture: ContractFixture;

before(async () => {
  fixture = await startContractFixture();
});

after(async () => {
  await fixture?.close();
});

test('becoming an artist creates the contract once; asking again returns the same one', async () => {
  const [, owner, other] = fixture.wallets;
  assert.ok(owner && other);
  const factory = fixture.deployment.factory;
  assert.equal(await findArtistContract(fixture.provider, factory, owner.address), null);

  const first = await becomeArtist(owner, factory, '  First Name ');
  assert.equal(first.created, true);
  assert.equal(first.name, 'First Name');
  assert.equal(await connectArtist(first.artist, fixture.provider).owner(), owner.address);

  const again = await becomeArtist(owner, factory, 'Another Name');
  assert.deepEqual(again, { artist: first.artist, name: 'First Name', created: false });
  assert.equal(await fixture.factory.isArtist(first.artist), true);

  const theirs = await becomeArtist(other, factory, 'Other');
  assert.notEqual(theirs.artist, first.artist, "another owner's contract is not mistaken for this one");
});

test('publishing to a contract the wallet does not own is refused before anything is done', async () => {
  const [, owner, other] = fixture.wallets;
  assert.ok(owner && other);
  const { artist } = await becomeArtist(owner, fixture.deployment.factory, 'Owner');
  await assertArtistOwner(fixture.provider, artist, owner.address);
  await assert.rejects(
    assertArtistOwner(fixture.provider, artist, other.address),
    (error: unknown) =>
      error instanceof PublishError && error.code === 'NOT_OWNER' && /does not own/.test(error.message),
  );
  await assert.rejects(
    assertArtistOwner(fixture.provider, other.address, owner.address),
    (error: unknown) => error instanceof PublishError && error.code === 'NOT_ARTIST',
  );
});
