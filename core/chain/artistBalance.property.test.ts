// Property: whatever tips and withdrawals happen, in any order, from any accounts, the artist
// contract holds exactly what was tipped minus what was withdrawn, and each payout is exact.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { id } from 'ethers';
import type { ContractTransactionResponse } from 'ethers';
import fc from 'fast-check';
import { parseArtistError } from '../../protocol/contracts';
import type { ArtistContract } from '../../protocol/contracts';
import { startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';

const prices = [0n, 1_000n, 10n ** 15n] as const;
const tipperIndexes = [2, 3, 4, 5] as const; // accounts that tip
const recipientIndexes = [6, 7, 8] as const; // accounts that only ever receive, so their balances are exact

type Step =
  | { kind: 'tip'; tipper: number; track: number; extra: bigint; short: boolean }
  | { kind: 'withdraw'; recipient: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('tip' as const),
      tipper: fc.constantFrom(...tipperIndexes),
      track: fc.nat({ max: prices.length - 1 }),
      extra: fc.bigInt({ min: 0n, max: 10n ** 16n }),
      short: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      recipient: fc.constantFrom(...recipientIndexes),
    }),
  },
);

describe('Artist balance accounting (property)', () => {
  let chain: ContractFixture;
  let artist: ArtistContract;
  let artistAddress: string;

  /**
   * The receipt, asked for until it is there. Not `wait()`: it waits for a new block number,
   * and after a snapshot is reverted the numbers start again below the highest one seen, so a
   * receipt not found at once could be waited for forever. Bounded, and named when it is not.
   */
  async function mined(sent: ContractTransactionResponse): Promise<void> {
    for (const started = Date.now(); Date.now() - started < 20_000;) {
      const receipt = await chain.provider.getTransactionReceipt(sent.hash);
      if (receipt) {
        if (receipt.status !== 1) throw new Error(`transaction ${sent.hash} reverted on chain`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`transaction ${sent.hash} was not mined within 20 s`);
  }

  async function revertName(action: Promise<unknown>): Promise<string | undefined> {
    try {
      await action;
    } catch (error) {
      return parseArtistError(error)?.name ?? 'unrecognised revert';
    }
    return undefined;
  }

  before(async () => {
    chain = await startContractFixture();
    artist = await chain.createArtist(chain.wallets[1]!);
    artistAddress = await artist.getAddress();
    for (const [index, price] of prices.entries()) {
      await (
        await artist.publishTrack(`meta${index}`, `audio${index}`, id(`c${index}`), id(`k${index}`), price)
      ).wait();
    }
  });
  after(async () => {
    await chain?.close();
  });

  it('balance == sum(tips) − sum(withdrawn) after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 12 }), async (steps) => {
        const snapshotId = await chain.snapshot();
        try {
          let tipped = 0n;
          let withdrawn = 0n;
          for (const step of steps) {
            if (step.kind === 'tip') {
              const price = prices[step.track]!;
              const tipper = chain.wallets[step.tipper]!;
              // A short tip is one wei under the price (impossible for a free track).
              const tooLow = step.short && price > 0n;
              const amount = tooLow ? price - 1n - (step.extra % price) : price + step.extra;
              const failure = await revertName(
                artist.connect(tipper).tip(step.track, { value: amount }).then(mined),
              );
              assert.equal(failure, tooLow ? 'TipTooLow' : undefined);
              if (!tooLow) {
                tipped += amount;
                assert.equal(await artist.hasAccess(step.track, tipper.address), true);
              }
            } else {
              const recipient = chain.wallets[step.recipient]!.address;
              const expected = tipped - withdrawn;
              const before = await chain.provider.getBalance(recipient);
              const failure = await revertName(artist.withdraw(recipient).then(mined));
              assert.equal(failure, expected === 0n ? 'NothingToWithdraw' : undefined);
              assert.equal((await chain.provider.getBalance(recipient)) - before, expected);
              withdrawn += expected;
            }
            assert.equal(await chain.provider.getBalance(artistAddress), tipped - withdrawn);
          }
        } finally {
          await chain.revert(snapshotId);
        }
      }),
      { numRuns: 25 },
    );
  });
});
