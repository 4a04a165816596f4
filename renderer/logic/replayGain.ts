import type { ReplayGainTags } from '../../core/api/appApi';

/** Which ReplayGain a track plays with: none, its own, or its album's (keeping the album's dynamics). */
export type ReplayGainMode = 'off' | 'track' | 'album';

export interface ReplayGainSettings {
  mode: ReplayGainMode;
  /** Added to the tagged gain, in dB: ReplayGain's 89 dB reference is quiet next to modern masters. */
  preampDb: number;
  /** Keeps the gain at or below 1/peak, so a boosted track never clips. */
  preventClipping: boolean;
}

export const defaultReplayGain: ReplayGainSettings = { mode: 'track', preampDb: 0, preventClipping: true };
export const PREAMP_LIMIT_DB = 15;
export const PREAMP_STEP_DB = 0.5;

const fromDb = (dB: number) => 10 ** (dB / 20);

/**
 * The linear gain a track plays at. Album mode falls back to the track's gain and track mode
 * to the album's when only one is tagged; a track without ReplayGain plays as it is, pre-amp
 * left out, since there is no loudness to correct it from.
 */
export function replayGainFactor(tags: ReplayGainTags | undefined, settings: ReplayGainSettings): number {
  if (!tags || settings.mode === 'off') return 1;
  const album = settings.mode === 'album';
  const gainDb = album ? (tags.albumGainDb ?? tags.trackGainDb) : (tags.trackGainDb ?? tags.albumGainDb);
  if (gainDb === null) return 1;
  const peak = album ? (tags.albumPeak ?? tags.trackPeak) : (tags.trackPeak ?? tags.albumPeak);
  const factor = fromDb(gainDb + settings.preampDb);
  return settings.preventClipping && peak !== null && peak > 0 ? Math.min(factor, 1 / peak) : factor;
}
