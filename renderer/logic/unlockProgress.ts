import type { CatalogueTrackState, UnlockProgress } from '../../core/api/appApi';
import { formatEtherWithUnit } from './etherAmount';
import { missingCase } from '../../base/missingCase';

/** Unlocks under way or just ended, by library id. */
export type UnlockMap = ReadonlyMap<number, UnlockProgress>;

const stepOrder: Record<UnlockProgress['step'], number> = {
  tipping: 0,
  tipSent: 1,
  confirming: 2,
  fetchingKey: 3,
  ready: 4,
  failed: 4,
};

/**
 * Folds one progress report into the map. Reports may arrive twice or out of order (the
 * event and the call's own answer race): an older step never replaces a newer one, except a
 * new attempt after a failure, which starts over.
 */
export function withUnlockProgress(unlocks: UnlockMap, progress: UnlockProgress): UnlockMap {
  const before = unlocks.get(progress.id);
  if (before && before.step !== 'failed' && stepOrder[progress.step] < stepOrder[before.step]) {
    return unlocks;
  }
  if (
    before &&
    before.step === 'confirming' &&
    progress.step === 'confirming' &&
    progress.confirmations.seen < before.confirmations.seen
  ) {
    return unlocks;
  }
  const next = new Map(unlocks);
  next.set(progress.id, progress);
  return next;
}

/** The short words shown on the row: sending → confirming k/N → fetching key → ready. */
export function unlockStepLabel(progress: UnlockProgress): string {
  switch (progress.step) {
    case 'tipping':
      return 'Sending tip…';
    case 'tipSent':
      return 'Tip sent';
    case 'confirming': {
      const { seen, needed } = progress.confirmations;
      return `Confirming ${Math.min(seen, needed)}/${needed}`;
    }
    case 'fetchingKey':
      return progress.waitingFor ? 'Paid, waiting for key' : 'Fetching key…';
    case 'ready':
      return 'Ready';
    case 'failed':
      return 'Unlock failed';
    default:
      return missingCase(progress.step);
  }
}

/** How far along, 0..1, for a progress bar. */
export function unlockFraction(progress: UnlockProgress): number {
  switch (progress.step) {
    case 'tipping':
      return 0.1;
    case 'tipSent':
      return 0.2;
    case 'confirming': {
      const { seen, needed } = progress.confirmations;
      return 0.2 + 0.6 * (needed > 0 ? Math.min(1, seen / needed) : 1);
    }
    case 'fetchingKey':
      return 0.9;
    case 'ready':
    case 'failed':
      return 1;
    default:
      return missingCase(progress.step);
  }
}

/** A paid unlock whose key did not come yet: the listener is told why, and that nothing is paid again. */
export function unlockWaitingNote(progress: UnlockProgress): string | null {
  if (progress.step !== 'fetchingKey' || !progress.waitingFor) return null;
  return (
    `${progress.waitingFor} Your tip is paid and recorded on chain: the key is fetched as soon as ` +
    'the key server answers, and nothing is paid again.'
  );
}

export function unlockInProgress(progress: UnlockProgress | undefined): boolean {
  return progress != null && progress.step !== 'ready' && progress.step !== 'failed';
}

/** What a row shows beside its title. */
export type RowLockState =
  | { kind: 'library' }
  | { kind: 'locked'; priceWei: string }
  | { kind: 'unlocking'; progress: UnlockProgress }
  | { kind: 'failed'; priceWei: string; reason: string }
  | { kind: 'unlocked'; offline: boolean }
  | { kind: 'retired' };

/** A track's row state from its catalogue entry (undefined/null: a plain library file) and its unlock. */
export function rowLockState(
  catalogue: CatalogueTrackState | null | undefined,
  unlock: UnlockProgress | undefined,
): RowLockState {
  if (!catalogue) return { kind: 'library' };
  if (catalogue.unlocked || unlock?.step === 'ready') {
    return { kind: 'unlocked', offline: catalogue.offline };
  }
  if (unlock && unlockInProgress(unlock)) return { kind: 'unlocking', progress: unlock };
  if (catalogue.retired) return { kind: 'retired' };
  if (unlock?.step === 'failed') {
    return {
      kind: 'failed',
      priceWei: catalogue.priceWei,
      reason: unlock.failureReason ?? unlock.message,
    };
  }
  return { kind: 'locked', priceWei: catalogue.priceWei };
}

/** Whether a track may be handed to the audio engine. */
export function isPlayable(catalogue: CatalogueTrackState | null | undefined): boolean {
  return !catalogue || catalogue.unlocked;
}

/**
 * The accessible name of a row's tip button, which starts with its visible words:
 * "Tip & unlock Song title for 0.01 ETH", or "Try again: tip & unlock …" after a failure.
 */
export function tipButtonName(priceWei: string, title: string, retry = false): string {
  const what = `${title} for ${formatEtherWithUnit(priceWei)}`;
  return retry ? `Try again: tip & unlock ${what}` : `Tip & unlock ${what}`;
}

export function lockedTrackMessage(title: string): string {
  return `“${title}” is locked. Tip the artist to unlock it, then it plays like any other song.`;
}
