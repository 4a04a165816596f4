/**
 * ReplayGain as a file's tags state it: track and album gain in dB, and their peaks (linear,
 * 1 = full scale). Tags are hostile input, so each value is checked before it is stored. Plain
 * range checks: this runs in every tag-reading thread, which stays small without a schema library.
 */
import type { IAudioMetadata } from 'music-metadata';
import type { ReplayGainTags } from '../api/appApi';

/** `value` when it is a finite number within (low, high] (or [low, high] when `lowIncluded`). */
function within(value: unknown, low: number, high: number, lowIncluded: boolean): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value > high) return null;
  return value > low || (lowIncluded && value === low) ? value : null;
}

// Real gains sit within ±20 dB; anything beyond ±60 dB is a broken tag, not a loudness.
const gainDb = (value: unknown) => within(value, -60, 60, true);
// A peak above 0 and, for a clipped master, a little over 1; 10 is far past any real one.
const peak = (value: unknown) => within(value, 0, 10, false);

/** The ReplayGain in a file's tags, or null when it carries none worth using. */
export function replayGainFromTags(common: IAudioMetadata['common']): ReplayGainTags | null {
  const tags: ReplayGainTags = {
    trackGainDb: gainDb(common.replaygain_track_gain?.dB),
    trackPeak: peak(common.replaygain_track_peak?.ratio),
    albumGainDb: gainDb(common.replaygain_album_gain?.dB),
    albumPeak: peak(common.replaygain_album_peak?.ratio),
  };
  return tags.trackGainDb === null && tags.albumGainDb === null ? null : tags;
}
