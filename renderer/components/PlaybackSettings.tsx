import type { ReplayGainMode } from '../logic/replayGain';
import { PREAMP_LIMIT_DB, PREAMP_STEP_DB } from '../logic/replayGain';
import { useAppStore } from '../store/appStore';

const levellingModes: { mode: ReplayGainMode; label: string; hint: string }[] = [
  { mode: 'off', label: 'Off', hint: 'tracks play as they were mastered' },
  { mode: 'track', label: 'Track', hint: 'every track equally loud' },
  { mode: 'album', label: 'Album', hint: 'albums equally loud, quiet songs stay quiet' },
];

/** "+6 dB", "−2.5 dB", "0 dB": the pre-amp as the listener reads it. */
export function formatDecibels(dB: number): string {
  const size = Math.abs(dB).toLocaleString('en', { maximumFractionDigits: 1 });
  return dB > 0 ? `+${size} dB` : dB < 0 ? `−${size} dB` : '0 dB';
}

/** Volume levelling (ReplayGain from the files' tags): applied at once, remembered in this browser. */
export function PlaybackSettings() {
  const replayGain = useAppStore((s) => s.replayGain);
  const setReplayGain = useAppStore((s) => s.setReplayGain);
  const off = replayGain.mode === 'off';
  const fill = ((replayGain.preampDb + PREAMP_LIMIT_DB) / (2 * PREAMP_LIMIT_DB)) * 100;
  return (
    <section aria-labelledby="settings-playback-title" className="playback-settings">
      <h3 id="settings-playback-title" className="settings__heading">
        Playback
      </h3>
      <fieldset className="choice-group">
        <legend className="field-label">Volume levelling</legend>
        {levellingModes.map(({ mode, label, hint }) => (
          <label key={mode} className="choice">
            <input
              type="radio"
              name="volume-levelling"
              checked={replayGain.mode === mode}
              onChange={() => setReplayGain({ mode })}
            />
            {label}
            <span className="playback-settings__hint">— {hint}</span>
          </label>
        ))}
      </fieldset>
      <div className="playback-settings__slider">
        <label className="field-label" htmlFor="replay-gain-preamp">
          Pre-amp
        </label>
        <input
          id="replay-gain-preamp"
          type="range"
          className="range"
          min={-PREAMP_LIMIT_DB}
          max={PREAMP_LIMIT_DB}
          step={PREAMP_STEP_DB}
          value={replayGain.preampDb}
          disabled={off}
          aria-valuetext={formatDecibels(replayGain.preampDb)}
          aria-describedby="replay-gain-preamp-hint"
          style={{ '--fill': `${fill}%` } as React.CSSProperties}
          onChange={(event) => setReplayGain({ preampDb: event.currentTarget.valueAsNumber })}
        />
        <output htmlFor="replay-gain-preamp" data-testid="replay-gain-preamp-value">
          {formatDecibels(replayGain.preampDb)}
        </output>
      </div>
      <p id="replay-gain-preamp-hint" className="field-hint">
        Added to the level a track&apos;s tags ask for. Tracks without levelling tags play unchanged.
      </p>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={replayGain.preventClipping}
          disabled={off}
          onChange={(event) => setReplayGain({ preventClipping: event.currentTarget.checked })}
        />
        Prevent clipping (never raise a track past its loudest sample)
      </label>
    </section>
  );
}
