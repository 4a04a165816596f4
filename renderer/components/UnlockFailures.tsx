import { useAppStore } from '../store/appStore';
import { keepOfflineExplained } from './TrackLockCell';

/**
 * Why unlocks failed, in full and in view above the list (a row is one line high), each until
 * the listener tries again. Also holds the "Keep offline" explanation the rows' boxes point at.
 */
export function UnlockFailures() {
  const unlocks = useAppStore((s) => s.unlocks);
  const titles = useAppStore((s) => s.unlockTitles);
  const failures = [...unlocks.values()].filter((unlock) => unlock.step === 'failed');
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
    </>
  );
}
