import type { RowLockState } from '../logic/unlockProgress';
import { tipButtonName, unlockFraction, unlockStepLabel } from '../logic/unlockProgress';
import { formatEtherWithUnit } from '../logic/etherAmount';
import { useAppStore } from '../store/appStore';
import { LockIcon } from './icons';

interface TrackLockCellProps {
  trackId: number;
  title: string;
  /** Who a tip goes to: the on-chain artist's name. */
  payee: string;
  lock: RowLockState;
}

/** A catalogue track's price and "Tip & unlock", its unlock progress, or its offline toggle. */
export function TrackLockCell({ trackId, title, payee, lock }: TrackLockCellProps) {
  const { unlockTrack, setAvailableOffline } = useAppStore.getState();
  // Row clicks select and double clicks play: the controls here keep theirs to themselves.
  const stop = (event: React.SyntheticEvent) => event.stopPropagation();
  switch (lock.kind) {
    case 'library':
      return <div role="gridcell" className="track-row__lock" />;
    case 'locked':
    case 'failed':
      return (
        <div role="gridcell" className="track-row__lock" onClick={stop} onDoubleClick={stop}>
          <span className="lock-badge" title={lock.kind === 'failed' ? lock.reason : 'Locked'}>
            <LockIcon className="lock-badge__icon" /> {formatEtherWithUnit(lock.priceWei)}
          </span>
          <button
            type="button"
            className="tip-button"
            aria-label={tipButtonName(lock.priceWei, title)}
            title={`Tip goes to ${payee}`}
            aria-describedby={lock.kind === 'failed' ? `unlock-failure-${trackId}` : undefined}
            onClick={() => void unlockTrack(trackId)}
          >
            {lock.kind === 'failed' ? 'Try again' : 'Tip & unlock'}
          </button>
          {lock.kind === 'failed' ? (
            <span id={`unlock-failure-${trackId}`} className="visually-hidden" role="alert">
              {lock.reason}
            </span>
          ) : null}
        </div>
      );
    case 'unlocking':
      return (
        <div role="gridcell" className="track-row__lock">
          <progress
            className="progress unlock-progress"
            aria-label={`Unlocking ${title}`}
            max={1}
            value={unlockFraction(lock.progress)}
          />
          <span className="unlock-step" role="status" title={lock.progress.message}>
            {unlockStepLabel(lock.progress)}
          </span>
        </div>
      );
    case 'unlocked':
      return (
        <div role="gridcell" className="track-row__lock" onClick={stop} onDoubleClick={stop}>
          <label className="offline-toggle" title="Keep this track on this computer">
            <input
              type="checkbox"
              checked={lock.offline}
              aria-label={`Available offline: ${title}`}
              onChange={(event) => void setAvailableOffline(trackId, event.currentTarget.checked)}
            />
            Offline
          </label>
        </div>
      );
    case 'retired':
      return (
        <div role="gridcell" className="track-row__lock">
          <span className="lock-badge">No longer on sale</span>
        </div>
      );
  }
}
