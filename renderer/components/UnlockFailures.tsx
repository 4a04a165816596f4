import { useAppStore } from '../store/appStore';
import { unlockWaitingNote } from '../logic/unlockProgress';
import { keepOfflineExplained } from './TrackLockCell';

/**
 * Why unlocks failed, in full and in view above the list (a row is one line high), each until
 * the listener tries again; and why a paid unlock still waits for its key (until it comes). Also holds the "Keep offline" explanation the rows' boxes point at.
 */
export function UnlockFailures() {
  const unlocks = useAppStore((s) => s.unlocks);
  const titles = useAppStore((s) => s.unlockTitles);
  const failures = [...unlocks.values()].filter((unlock) => unlock.step === 'failed');
  const waiting = [...unlocks.values()].flatMap((unlock) => {
    const note = unlockWaitingNote(unlock);
    return note ? [{ id: unlock.id, note }] : [];
  });
  return (
    <>
      <p id="keep-offline-explained" className="visually-hidden">
        {keepOfflineExplained}
      </p>
      <div className="unlock-failures" role="alert" aria-label="Unlock problems">
        {failures.length > 0 ? (
          <ul>
            {failures.map((failure) => (
              <li key={failure.id} id={`unlock-failure-${failure.id}`} className="unlock-failures__item">
                <strong>{`“${titles.get(failure.id) ?? 'This track'}” is not unlocked.`}</strong>{' '}
                {failure.failureReason ?? failure.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="unlock-failures" role="status" aria-label="Unlocks waiting for a key">
        {waiting.length > 0 ? (
          <ul>
            {waiting.map((wait) => (
              <li
                key={wait.id}
                id={`unlock-waiting-${wait.id}`}
                className="unlock-failures__item unlock-waiting"
              >
                <strong>{`“${titles.get(wait.id) ?? 'This track'}” is waiting for its key.`}</strong>{' '}
                {wait.note}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </>
  );
}
