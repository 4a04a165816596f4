import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UnlockProgress } from '../../core/api/appApi';
import { catalogueTrackState } from '../../testkit/catalogueTrackState';
import {
  isPlayable,
  lockBadgeText,
  rowLockState,
  tipButtonName,
  unlockFraction,
  unlockStepLabel,
  unlockWaitingNote,
  withUnlockProgress,
  type UnlockMap,
} from './unlockProgress';

const progress = (step: UnlockProgress['step'], seen = 0, needed = 2): UnlockProgress => ({
  id: 7,
  step,
  confirmations: { seen, needed },
  message: `host says ${step}`,
  failureReason: step === 'failed' ? 'The key server did not answer.' : null,
});

const catalogue = catalogueTrackState;

describe('unlock progress reduction', () => {
  it('follows sending → confirming k/N → fetching key → ready', () => {
    let unlocks: UnlockMap = new Map();
    const labels: string[] = [];
    for (const report of [
      progress('tipping'),
      progress('tipSent'),
      progress('confirming', 1),
      progress('confirming', 2),
      progress('fetchingKey', 2),
      progress('ready', 2),
    ]) {
      unlocks = withUnlockProgress(unlocks, report);
      const shown = unlocks.get(7);
      assert.ok(shown);
      labels.push(unlockStepLabel(shown));
    }
    assert.deepEqual(labels, [
      'Sending tip…',
      'Tip sent',
      'Confirming 1/2',
      'Confirming 2/2',
      'Fetching key…',
      'Ready',
    ]);
  });

  it('ignores late reports of an earlier step or fewer confirmations', () => {
    let unlocks: UnlockMap = withUnlockProgress(new Map(), progress('confirming', 2));
    unlocks = withUnlockProgress(unlocks, progress('confirming', 1));
    unlocks = withUnlockProgress(unlocks, progress('tipSent'));
    assert.equal(unlocks.get(7)?.confirmations.seen, 2);
    unlocks = withUnlockProgress(unlocks, progress('ready', 2));
    const same = withUnlockProgress(unlocks, progress('fetchingKey', 2));
    assert.equal(same, unlocks);
  });

  it('lets a new attempt start over after a failure', () => {
    let unlocks: UnlockMap = withUnlockProgress(new Map(), progress('failed'));
    unlocks = withUnlockProgress(unlocks, progress('tipping'));
    assert.equal(unlocks.get(7)?.step, 'tipping');
  });

  it('fills the bar in order', () => {
    const fractions = [
      progress('tipping'),
      progress('tipSent'),
      progress('confirming', 1),
      progress('fetchingKey'),
      progress('ready'),
    ].map(unlockFraction);
    assert.deepEqual(
      fractions,
      [...fractions].sort((a, b) => a - b),
    );
    assert.equal(fractions.at(-1), 1);
    assert.equal(unlockStepLabel(progress('confirming', 5, 2)), 'Confirming 2/2');
  });
});

describe('a paid unlock waiting for its key', () => {
  it('says why and that nothing is paid again, only while fetching the key', () => {
    const waiting = { ...progress('fetchingKey', 2), waitingFor: 'The key server does not answer.' };
    assert.equal(unlockStepLabel(waiting), 'Paid, waiting for key');
    assert.match(
      unlockWaitingNote(waiting) ?? '',
      /^The key server does not answer\. Your tip is paid .*nothing is paid again\.$/,
    );
    assert.equal(unlockStepLabel(progress('fetchingKey', 2)), 'Fetching key…');
    assert.equal(unlockWaitingNote(progress('fetchingKey', 2)), null);
    assert.equal(unlockWaitingNote({ ...progress('failed'), waitingFor: 'stale' }), null);
    assert.equal(rowLockState(catalogue(), waiting).kind, 'unlocking');
  });
});

describe('row lock state', () => {
  it('leaves plain library files alone', () => {
    assert.deepEqual(rowLockState(undefined, undefined), { kind: 'library' });
    assert.deepEqual(rowLockState(null, undefined), { kind: 'library' });
    assert.equal(isPlayable(null), true);
  });

  it('shows locked, unlocking, failed and unlocked catalogue tracks', () => {
    assert.deepEqual(rowLockState(catalogue(), undefined), {
      kind: 'locked',
      priceWei: '10000000000000000',
    });
    assert.equal(rowLockState(catalogue(), progress('confirming', 1)).kind, 'unlocking');
    assert.deepEqual(rowLockState(catalogue(), progress('failed')), {
      kind: 'failed',
      priceWei: '10000000000000000',
      reason: 'The key server did not answer.',
    });
    assert.deepEqual(rowLockState(catalogue(), progress('ready')), { kind: 'unlocked', offline: false });
    assert.deepEqual(rowLockState(catalogue({ unlocked: true, offline: true }), undefined), {
      kind: 'unlocked',
      offline: true,
    });
    assert.deepEqual(rowLockState(catalogue({ retired: true }), undefined), { kind: 'retired' });
    assert.equal(isPlayable(catalogue()), false);
    assert.equal(isPlayable(catalogue({ unlocked: true })), true);
  });

  it('says a queued track’s price, or why it will not play, and nothing for one that plays', () => {
    assert.equal(lockBadgeText(rowLockState(catalogue(), undefined)), '0.01 ETH');
    assert.equal(lockBadgeText(rowLockState(catalogue(), progress('failed'))), 'Not unlocked');
    assert.equal(lockBadgeText(rowLockState(catalogue(), progress('confirming', 1))), 'Unlocking…');
    assert.equal(lockBadgeText(rowLockState(catalogue({ retired: true }), undefined)), 'No longer on sale');
    assert.equal(lockBadgeText(rowLockState(catalogue({ unlocked: true }), undefined)), null);
    assert.equal(lockBadgeText(rowLockState(null, undefined)), null);
  });

  it('names the tip button with price and title', () => {
    assert.equal(tipButtonName('10000000000000000', 'Night Bus'), 'Tip & unlock Night Bus for 0.01 ETH');
    assert.equal(
      tipButtonName('10000000000000000', 'Night Bus', true),
      'Try again: tip & unlock Night Bus for 0.01 ETH',
    );
  });
});
