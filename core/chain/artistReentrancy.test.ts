// A withdrawal recipient that calls back into the artist contract from its receive() gains nothing.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ContractFactory, id, parseEther } from 'ethers';
import type { Wallet } from 'ethers';
import { artistInterface, connectArtist, parseArtistLog } from '../../protocol/contracts';
import { assertRevertsWith, startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';
import { reentrantReceiverAbi, reentrantReceiverBytecode } from '../../protocol/generated/reentrantReceiver';
import type { ReentrantReceiverContract } from '../../protocol/generated/reentrantReceiver';

const Attack = { None: 0, Withdraw: 1, Tip: 2 } as const;
const tipAmount = parseEther('1');
const reentrancySelector = artistInterface.getError('ReentrancyGuardReentrantCall')!.selector;

describe('Artist withdraw against a re-entrant recipient', () => {
  let chain: ContractFixture;
  let listener: Wallet;
  let receiver: ReentrantReceiverContract;
  let receiverAddress: string;
  let snapshotId: string;

  async function deployReceiver(): Promise<ReentrantReceiverContract> {
    const factory = new ContractFactory(reentrantReceiverAbi, reentrantReceiverBytecode, chain.wallets[0]!);
    const deployed = await factory.deploy();
    await deployed.waitForDeployment();
    return deployed as unknown as ReentrantReceiverContract;
  }

  /** The receiver owns an artist contract with one track that `listener` tipped `tipAmount`. */
  async function receiverArtist() {
    await (await receiver.createArtist(chain.deployment.factory)).wait();
    const artist = connectArtist(await receiver.artist(), listener);
    await (await receiver.publishTrack(tipAmount)).wait();
    await (await artist.tip(0n, { value: tipAmount })).wait();
    return { artist, artistAddress: await artist.getAddress() };
  }

  before(async () => {
    chain = await startContractFixture();
    listener = chain.wallets[2]!;
    receiver = await deployReceiver();
    receiverAddress = await receiver.getAddress();
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

  it('re-entering withdraw fails on the guard; the owner is paid the balance exactly once', async () => {
    const { artistAddress } = await receiverArtist();
    await (await receiver.arm(Attack.Withdraw, false)).wait();
    const receipt = await (await receiver.withdrawTo(receiverAddress)).wait();

    assert.equal(await receiver.reentryCount(), 1n);
    assert.equal(await receiver.reentrySucceeded(), false);
    assert.equal(await receiver.reentryError(), reentrancySelector);
    assert.equal(await chain.provider.getBalance(receiverAddress), tipAmount);
    assert.equal(await chain.provider.getBalance(artistAddress), 0n);
    const withdrawals = (receipt?.logs ?? [])
      .map((log) => parseArtistLog(log))
      .filter((event) => event !== null);
    assert.deepEqual(withdrawals, [{ name: 'Withdrawn', args: { to: receiverAddress, amount: tipAmount } }]);
  });

  it('re-entering tip fails on the guard: no access bought with money in flight', async () => {
    const { artist, artistAddress } = await receiverArtist();
    await (await receiver.arm(Attack.Tip, false)).wait();
    await (await receiver.withdrawTo(receiverAddress)).wait();

    assert.equal(await receiver.reentrySucceeded(), false);
    assert.equal(await receiver.reentryError(), reentrancySelector);
    assert.equal(await artist.hasAccess(0n, receiverAddress), false);
    assert.equal(await chain.provider.getBalance(receiverAddress), tipAmount);
    assert.equal(await chain.provider.getBalance(artistAddress), 0n);
  });

  it('a recipient that refuses the payment after a blocked re-entry leaves the funds in place', async () => {
    const { artistAddress } = await receiverArtist();
    await (await receiver.arm(Attack.Withdraw, true)).wait();
    // The receiver's own call to withdraw bubbles the artist contract's revert up unchanged.
    await assertRevertsWith(receiver.withdrawTo(receiverAddress), 'WithdrawFailed', { to: receiverAddress });
    assert.equal(await chain.provider.getBalance(artistAddress), tipAmount);
    assert.equal(await chain.provider.getBalance(receiverAddress), 0n);
  });

  it('a recipient that is not the owner cannot withdraw from inside the payment', async () => {
    const owner = chain.wallets[1]!;
    const artist = await chain.createArtist(owner);
    const artistAddress = await artist.getAddress();
    await (await artist.publishTrack('meta', 'audio', id('content'), id('key'), tipAmount)).wait();
    await (await artist.connect(listener).tip(0n, { value: tipAmount })).wait();
    await (await receiver.setArtist(artistAddress)).wait();
    await (await receiver.arm(Attack.Withdraw, false)).wait();

    await (await artist.withdraw(receiverAddress)).wait();
    assert.equal(await receiver.reentrySucceeded(), false);
    const reentryError = artistInterface.parseError(await receiver.reentryError());
    assert.equal(reentryError?.name, 'NotArtistOwner');
    assert.equal(await chain.provider.getBalance(receiverAddress), tipAmount);
    assert.equal(await chain.provider.getBalance(artistAddress), 0n);
  });
});
