import { useAppStore } from '../store/appStore';
import { VolumeIcon } from './icons';

/** Mute toggle and a volume slider from 0 to 100. */
export function VolumeControl() {
  const volume = useAppStore((s) => s.volume);
  const muted = useAppStore((s) => s.muted);
  const toggleMute = useAppStore((s) => s.toggleMute);
  const setVolume = useAppStore((s) => s.setVolume);
  const percent = Math.round(volume * 100);
  const shown = muted ? 0 : percent;
  return (
    <div className="volume">
      <button
        type="button"
        className="icon-button"
        aria-label="Mute"
        aria-pressed={muted}
        aria-keyshortcuts="M"
        title={muted ? 'Unmute (M)' : 'Mute (M)'}
        onClick={toggleMute}
      >
        <VolumeIcon muted={muted || volume === 0} />
      </button>
      <input
        type="range"
        className="range volume__slider"
        aria-label="Volume"
        aria-valuetext={muted ? `Muted (${percent}%)` : `${percent}%`}
        min={0}
        max={100}
        step={1}
        value={shown}
        style={{ '--fill': `${shown}%` } as React.CSSProperties}
        onChange={(event) => setVolume(event.currentTarget.valueAsNumber / 100)}
      />
    </div>
  );
}
