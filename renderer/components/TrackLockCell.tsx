import type { RowLockState } from '../logic/unlockProgress';
import { tipButtonName, unlockFraction, unlockStepLabel } from '../logic/unlockProgress';
import { formatEtherWithUnit } from '../logic/etherAmount';
import { useAppStore } from '../store/appStore';
import { LockIcon, WarningIcon } from './icons';

interface TrackLockCellProps {
  trackId: number;
  title: string;
  /** Who a tip goes to: the on-chain artist's name. */
  payee: string;
  lock: RowLockState;
  /** The cell's column in a grid that leaves columns out as it narrows. */
  colIndex?: number;
}

/** Said once for every "Keep offline" box (each points at it with aria-describedby). */
export const keepOfflineExplained =
  'Keep offline: Busker keeps this track on your computer, so it plays with no network and the cache never removes it.';

/** A catalogue track's price and "Tip & unlock", its unlock progress, or its offline toggle. */
export function TrackLockCell({ trackId, title, payee, lock, colIndex }: TrackLockCellProps) {
  const cell = { role: 'gridcell', className: 'track-row__lock', 'aria-colindex': colIndex } as const;
  const { askToUnlock, setAvailableOffline } = useAppStore.getState();
  // Row clicks select and double clicks play: the controls here keep theirs to themselves.
  const stop = (event: React.SyntheticEvent) => event.stopPropagation();
  switch (lock.kind) {
    case 'library':
      return <div {...cell} />;
    case 'locked':
    case 'failed':
      return (
        <div {...cell} onClick={stop} onDoubleClick={stop}>
          {lock.kind === 'failed' ? (
            // The whole reason is in the list's "Unlock problems" strip; the row points at it.
            <span className="unlock-failure-badge" title={lock.reason}>
              <WarningIcon className="lock-badge__icon" /> Not unlocked
            </span>
          ) : (
            <span className="lock-badge" title="Locked">
              <LockIcon className="lock-badge__icon" /> {formatEtherWithUnit(lock.priceWei)}
            </span>
          )}
          <button
            type="button"
            className="tip-button"
            aria-label={tipButtonName(lock.priceWei, title, lock.kind === 'failed')}
            title={`Tip goes to ${payee}`}
            aria-describedby={lock.kind === 'failed' ? `unlock-failure-${trackId}` : undefined}
            onClick={() => void askToUnlock(trackId, title)}
          >
            {lock.kind === 'failed' ? 'Try again' : 'Tip & unlock'}
          </button>
        </div>
      );
    case 'unlocking':
      return (
        <div {...cell}>
          <progress
            className="progress unlock-progress"
            aria-label={`Unlocking ${title}`}
            max={1}
            value={unlockFraction(lock.progress)}
          />
          <span
            className="unlock-step"
            role="status"
            title={lock.progress.message}
            aria-describedby={lock.progress.waitingFor ? `unlock-waiting-${trackId}` : undefined}
          >
            {unlockStepLabel(lock.progress)}
          </span>
        </div>
      );
    case 'unlocked':
      return (
        <div {...cell} onClick={stop} onDoubleClick={stop}>
          <span className="unlocked-badge">Unlocked</span>
          <label className="offline-toggle">
            <input
              type="checkbox"
              checked={lock.offline}
              aria-label={`Keep offline: ${title}`}
              aria-describedby="keep-offline-explained"
              onChange={(event) => void setAvailableOffline(trackId, event.currentTarget.checked)}
            />
            Keep offline
          </label>
        </div>
      );
    case 'retired':
      return (
        <div {...cell}>
          <span className="lock-badge">No longer on sale</span>
        </div>
      );
  }
}
