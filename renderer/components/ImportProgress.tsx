import type { ImportProgress as Progress } from '../../core/api/appApi';
import { useAppStore } from '../store/appStore';

function describe(progress: Progress | null): string {
  if (!progress) return 'Starting the import…';
  switch (progress.phase) {
    case 'scanning':
      return progress.processed > 0
        ? `Looking for music… ${progress.found.toLocaleString()} files found, ${progress.processed.toLocaleString()} read`
        : `Looking for music… ${progress.found.toLocaleString()} files found`;
    case 'reading':
      return `Reading ${progress.processed.toLocaleString()} of ${progress.found.toLocaleString()} files`;
    case 'saving':
      return `Saving ${progress.processed.toLocaleString()} of ${progress.found.toLocaleString()} files`;
    case 'done':
      return 'Finishing…';
    default: {
      const unknownPhase: never = progress.phase;
      return String(unknownPhase);
    }
  }
}

/** A progress bar with counts and the file being read, while an import runs. */
export function ImportProgress() {
  const running = useAppStore((s) => s.importRunning);
  const progress = useAppStore((s) => s.importProgress);
  if (!running && !progress) return null;
  const determinate = progress != null && progress.phase !== 'scanning' && progress.found > 0;
  return (
    <section className="import-progress panel" aria-labelledby="import-progress-title">
      <h2 id="import-progress-title" className="panel__title">
        Importing music
      </h2>
      <progress
        className="progress"
        aria-label="Import progress"
        max={determinate ? progress.found : undefined}
        value={determinate ? progress.processed : undefined}
      />
      <p className="import-progress__counts" aria-live="polite">
        {describe(progress)}
      </p>
      {progress?.current ? (
        <p className="import-progress__file path-tail" title={progress.current}>
          <bdi>{progress.current}</bdi>
        </p>
      ) : null}
    </section>
  );
}
