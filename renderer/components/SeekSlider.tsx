import { formatDuration } from '../logic/formatDuration';
import { useAppStore } from '../store/appStore';

/** The seek slider with the time played and the track's length; its value is in seconds. */
export function SeekSlider() {
  const position = useAppStore((s) => s.position);
  const duration = useAppStore((s) => s.duration);
  const hasTrack = useAppStore((s) => s.index >= 0);
  const seek = useAppStore((s) => s.seek);
  const max = Math.max(1, Math.floor(duration));
  const value = Math.min(Math.floor(position), max);
  const fill = hasTrack && duration > 0 ? (value / max) * 100 : 0;
  return (
    <div className="seek">
      <span className="seek__time" aria-hidden="true">
        {hasTrack ? formatDuration(position) : '0:00'}
      </span>
      <input
        type="range"
        className="range seek__slider"
        aria-label="Seek"
        aria-valuetext={`${formatDuration(position)} of ${formatDuration(duration)}`}
        min={0}
        max={max}
        step={1}
        value={hasTrack ? value : 0}
        disabled={!hasTrack}
        style={{ '--fill': `${fill}%` } as React.CSSProperties}
        onChange={(event) => seek(event.currentTarget.valueAsNumber)}
      />
      <span className="seek__time seek__time--total" aria-hidden="true">
        {hasTrack && duration > 0 ? formatDuration(duration) : '–:––'}
      </span>
    </div>
  );
}
