/**
 * ReplayGain as a file's tags state it: track and album gain in dB, and their peaks (linear,
 * 1 = full scale). Tags are hostile input, so each value is checked before it is stored.
 */
import type { IAudioMetadata } from 'music-metadata';
import { z } from 'zod';
import type { ReplayGainTags } from '../api/appApi';

// Real gains sit within ±20 dB; anything beyond ±60 dB is a broken tag, not a loudness.
const gainDb = z.number().finite().min(-60).max(60);
// A peak above 0 and, for a clipped master, a little over 1; 10 is far past any real one.
const peak = z.number().finite().gt(0).max(10);

const valueOf = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** The ReplayGain in a file's tags, or null when it carries none worth using. */
export function replayGainFromTags(common: IAudioMetadata['common']): ReplayGainTags | null {
  const tags: ReplayGainTags = {
    trackGainDb: valueOf(gainDb, common.replaygain_track_gain?.dB),
    trackPeak: valueOf(peak, common.replaygain_track_peak?.ratio),
    albumGainDb: valueOf(gainDb, common.replaygain_album_gain?.dB),
    albumPeak: valueOf(peak, common.replaygain_album_peak?.ratio),
  };
  return tags.trackGainDb === null && tags.albumGainDb === null ? null : tags;
}
