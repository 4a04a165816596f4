import { CROSSFADE_LIMIT_SECONDS } from '../logic/crossfade';
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

const describeCrossfade = (seconds: number) =>
  seconds === 0 ? 'Off' : seconds === 1 ? '1 second' : `${seconds} seconds`;

/**
 * Volume levelling (ReplayGain from the files' tags) and crossfading: applied at once,
 * remembered in this browser.
 */
export function PlaybackSettings() {
  const replayGain = useAppStore((s) => s.replayGain);
  const setReplayGain = useAppStore((s) => s.setReplayGain);
  const crossfade = useAppStore((s) => s.crossfadeSeconds);
  const setCrossfade = useAppStore((s) => s.setCrossfade);
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
      <div className="playback-settings__slider">
        <label className="field-label" htmlFor="crossfade-seconds">
          Crossfade between songs
        </label>
        <input
          id="crossfade-seconds"
          type="range"
          className="range"
          min={0}
          max={CROSSFADE_LIMIT_SECONDS}
          step={1}
          value={crossfade}
          aria-valuetext={describeCrossfade(crossfade)}
          aria-describedby="crossfade-hint"
          style={{ '--fill': `${(crossfade / CROSSFADE_LIMIT_SECONDS) * 100}%` } as React.CSSProperties}
          onChange={(event) => setCrossfade(event.currentTarget.valueAsNumber)}
        />
        <output htmlFor="crossfade-seconds" data-testid="crossfade-value">
          {describeCrossfade(crossfade)}
        </output>
      </div>
      <p id="crossfade-hint" className="field-hint">
        Songs of one album still follow each other without a gap, and a song you pick starts at once. Streamed
        catalogue songs are not crossfaded.
      </p>
    </section>
  );
}
