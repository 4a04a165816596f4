import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { id, parseEther, ZeroAddress } from 'ethers';
import type { Wallet } from 'ethers';
import { parseArtistLog } from '../../protocol/contracts';
import type { ArtistContract, ArtistEvent } from '../../protocol/contracts';
import { assertRevertsWith, startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';

const price = parseEther('0.01');

function trackFields(index: number) {
  return {
    metadataCid: `bafymeta${index}`,
    audioCid: `bafyaudio${index}`,
    contentHash: id(`content ${index}`),
    keyCommitment: id(`key ${index}`),
  };
}

describe('Artist', () => {
  let chain: ContractFixture;
  let owner: Wallet;
  let listener: Wallet;
  let otherListener: Wallet;
  let stranger: Wallet;
  let artist: ArtistContract;
  let artistAddress: string;
  let snapshotId: string;

  async function eventsOf(sent: Promise<{ wait(): Promise<unknown> }>): Promise<ArtistEvent[]> {
    const receipt = (await (await sent).wait()) as { logs: { topics: readonly string[]; data: string }[] };
    return receipt.logs.map((log) => parseArtistLog(log)).filter((event) => event !== null);
  }

  async function publish(index: number, trackPrice = price): Promise<bigint> {
    const fields = trackFields(index);
    const [event] = await eventsOf(
      artist.publishTrack(
        fields.metadataCid,
        fields.audioCid,
        fields.contentHash,
        fields.keyCommitment,
        trackPrice,
      ),
    );
    assert.equal(event?.name, 'TrackPublished');
    return event.args.trackId;
  }

  async function balanceOf(address: string): Promise<bigint> {
    return chain.provider.getBalance(address);
  }

  before(async () => {
    chain = await startContractFixture();
    [, owner, listener, otherListener, stranger] = chain.wallets as [Wallet, Wallet, Wallet, Wallet, Wallet];
    artist = await chain.createArtist(owner, 'Nina Strings');
    artistAddress = await artist.getAddress();
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

  describe('publishTrack', () => {
    it('emits TrackPublished with every field and counts ids from 0', async () => {
      for (const index of [0, 1, 2]) {
        const fields = trackFields(index);
        const events = await eventsOf(
          artist.publishTrack(
            fields.metadataCid,
            fields.audioCid,
            fields.contentHash,
            fields.keyCommitment,
            price + BigInt(index),
          ),
        );
        assert.deepEqual(events, [
          {
            name: 'TrackPublished',
            args: { trackId: BigInt(index), ...fields, price: price + BigInt(index) },
          },
        ]);
      }
      assert.equal(await artist.trackCount(), 3n);
    });

    it('returns the new id to a static call', async () => {
      await publish(0);
      const fields = trackFields(1);
      const trackId = await artist.publishTrack.staticCall(
        fields.metadataCid,
        fields.audioCid,
        fields.contentHash,
        fields.keyCommitment,
        price,
      );
      assert.equal(trackId, 1n);
    });

    it('reverts with NotArtistOwner for anyone but the owner', async () => {
      const fields = trackFields(0);
      await assertRevertsWith(
        artist
          .connect(stranger)
          .publishTrack(fields.metadataCid, fields.audioCid, fields.contentHash, fields.keyCommitment, price),
        'NotArtistOwner',
        { caller: stranger.address },
      );
      assert.equal(await artist.trackCount(), 0n);
    });
  });

  describe('track', () => {
    it('returns the stored fields, named and in order', async () => {
      await publish(0);
      await publish(1, 7n);
      const stored = await artist.track(1n);
      const fields = trackFields(1);
      const { metadataCid, audioCid, contentHash, keyCommitment, price: storedPrice, retired } = stored;
      assert.deepEqual(
        { metadataCid, audioCid, contentHash, keyCommitment, price: storedPrice, retired },
        { ...fields, price: 7n, retired: false },
      );
      assert.deepEqual(
        [...stored],
        [fields.metadataCid, fields.audioCid, fields.contentHash, fields.keyCommitment, 7n, false],
      );
    });

    it('reverts with UnknownTrack past the last id', async () => {
      await publish(0);
      await assertRevertsWith(artist.track(1n), 'UnknownTrack', { trackId: 1n });
    });
  });

  describe('setPrice and retireTrack', () => {
    it('setPrice stores the new price and emits PriceChanged', async () => {
      const trackId = await publish(0);
      assert.deepEqual(await eventsOf(artist.setPrice(trackId, 5n)), [
        { name: 'PriceChanged', args: { trackId, price: 5n } },
      ]);
      assert.equal((await artist.track(trackId)).price, 5n);
    });

    it('retireTrack marks the track retired and emits Retired', async () => {
      const trackId = await publish(0);
      assert.deepEqual(await eventsOf(artist.retireTrack(trackId)), [{ name: 'Retired', args: { trackId } }]);
      assert.equal((await artist.track(trackId)).retired, true);
    });

    it('are owner only', async () => {
      const trackId = await publish(0);
      await assertRevertsWith(artist.connect(stranger).setPrice(trackId, 1n), 'NotArtistOwner', {
        caller: stranger.address,
      });
      await assertRevertsWith(artist.connect(stranger).retireTrack(trackId), 'NotArtistOwner', {
        caller: stranger.address,
      });
      assert.deepEqual(
        [(await artist.track(trackId)).price, (await artist.track(trackId)).retired],
        [price, false],
      );
    });

    it('revert with UnknownTrack for an id never published', async () => {
      await publish(0);
      await assertRevertsWith(artist.setPrice(3n, 1n), 'UnknownTrack', { trackId: 3n });
      await assertRevertsWith(artist.retireTrack(1n), 'UnknownTrack', { trackId: 1n });
    });
  });

  describe('tip', () => {
    it('records access and emits Tipped with the track, the listener and the whole amount', async () => {
      const trackId = await publish(0);
      assert.equal(await artist.hasAccess(trackId, listener.address), false);
      const amount = price + 123n;
      const events = await eventsOf(artist.connect(listener).tip(trackId, { value: amount }));
      assert.deepEqual(events, [{ name: 'Tipped', args: { trackId, listener: listener.address, amount } }]);
      assert.equal(await artist.hasAccess(trackId, listener.address), true);
      assert.equal(await artist.hasAccess(trackId, otherListener.address), false);
      assert.equal(await balanceOf(artistAddress), amount);
    });

    it('accepts exactly the price, and zero for a free track', async () => {
      const paid = await publish(0);
      const free = await publish(1, 0n);
      await (await artist.connect(listener).tip(paid, { value: price })).wait();
      await (await artist.connect(listener).tip(free)).wait();
      assert.equal(await artist.hasAccess(paid, listener.address), true);
      assert.equal(await artist.hasAccess(free, listener.address), true);
    });

    it('reverts with TipTooLow below the price', async () => {
      const trackId = await publish(0);
      await assertRevertsWith(artist.connect(listener).tip(trackId, { value: price - 1n }), 'TipTooLow', {
        sent: price - 1n,
        price,
      });
      assert.equal(await artist.hasAccess(trackId, listener.address), false);
      assert.equal(await balanceOf(artistAddress), 0n);
    });

    it('reverts with UnknownTrack for an id never published', async () => {
      await publish(0);
      await assertRevertsWith(artist.connect(listener).tip(1n, { value: price }), 'UnknownTrack', {
        trackId: 1n,
      });
      assert.equal(await artist.hasAccess(1n, listener.address), false);
    });

    it('reverts with TrackRetired once the track is retired', async () => {
      const trackId = await publish(0);
      await (await artist.retireTrack(trackId)).wait();
      await assertRevertsWith(artist.connect(listener).tip(trackId, { value: price }), 'TrackRetired', {
        trackId,
      });
      assert.equal(await artist.hasAccess(trackId, listener.address), false);
    });

    it('keeps access granted earlier through a price rise and through retirement', async () => {
      const trackId = await publish(0);
      await (await artist.connect(listener).tip(trackId, { value: price })).wait();
      await (await artist.setPrice(trackId, price * 10n)).wait();
      assert.equal(await artist.hasAccess(trackId, listener.address), true);
      await assertRevertsWith(artist.connect(otherListener).tip(trackId, { value: price }), 'TipTooLow', {
        sent: price,
        price: price * 10n,
      });
      await (await artist.retireTrack(trackId)).wait();
      assert.equal(await artist.hasAccess(trackId, listener.address), true);
      assert.equal(await artist.hasAccess(trackId, otherListener.address), false);
    });

    it('rejects plain transfers: money arrives only as a tip for a track', async () => {
      await assert.rejects(listener.sendTransaction({ to: artistAddress, value: 1n }));
      assert.equal(await balanceOf(artistAddress), 0n);
    });
  });

  describe('withdraw', () => {
    async function tipTwice(): Promise<bigint> {
      const trackId = await publish(0);
      await (await artist.connect(listener).tip(trackId, { value: price })).wait();
      await (await artist.connect(otherListener).tip(trackId, { value: price * 2n })).wait();
      return price * 3n;
    }

    it('pays the whole balance to the chosen address and emits Withdrawn', async () => {
      const total = await tipTwice();
      const recipient = chain.wallets[7]!.address;
      const before = await balanceOf(recipient);
      const events = await eventsOf(artist.withdraw(recipient));
      assert.deepEqual(events, [{ name: 'Withdrawn', args: { to: recipient, amount: total } }]);
      assert.equal((await balanceOf(recipient)) - before, total);
      assert.equal(await balanceOf(artistAddress), 0n);
    });

    it('is owner only', async () => {
      const total = await tipTwice();
      await assertRevertsWith(artist.connect(stranger).withdraw(stranger.address), 'NotArtistOwner', {
        caller: stranger.address,
      });
      assert.equal(await balanceOf(artistAddress), total);
    });

    it('reverts with NothingToWithdraw on an empty balance', async () => {
      await assertRevertsWith(artist.withdraw(owner.address), 'NothingToWithdraw');
      await tipTwice();
      await (await artist.withdraw(owner.address)).wait();
      await assertRevertsWith(artist.withdraw(owner.address), 'NothingToWithdraw');
    });

    it('reverts with WithdrawToZeroAddress rather than burn the funds', async () => {
      const total = await tipTwice();
      await assertRevertsWith(artist.withdraw(ZeroAddress), 'WithdrawToZeroAddress');
      assert.equal(await balanceOf(artistAddress), total);
    });

    it('reverts with WithdrawFailed when the recipient refuses the payment, keeping the funds', async () => {
      const total = await tipTwice();
      const refusing = chain.deployment.factory; // a contract with no receive or fallback
      await assertRevertsWith(artist.withdraw(refusing), 'WithdrawFailed', { to: refusing });
      assert.equal(await balanceOf(artistAddress), total);
    });
  });
});
