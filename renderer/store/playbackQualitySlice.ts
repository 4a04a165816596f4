import { clampCrossfade } from '../logic/crossfade';
import { clampPreamp } from '../logic/playbackQuality';
import type { ReplayGainSettings } from '../logic/replayGain';
import { defaultReplayGain } from '../logic/replayGain';
import type { SliceCreator } from './storeTypes';

/** How tracks sound on their way out: ReplayGain levelling and crossfading (issue 24). */
export interface PlaybackQualitySlice {
  replayGain: ReplayGainSettings;
  /** Seconds songs of different albums overlap, 0 for none (the default). */
  crossfadeSeconds: number;
  setReplayGain(change: Partial<ReplayGainSettings>): void;
  setCrossfade(seconds: number): void;
}

export const createPlaybackQualitySlice: SliceCreator<PlaybackQualitySlice> = () => (set, get) => ({
  replayGain: defaultReplayGain,
  crossfadeSeconds: 0,
  setReplayGain(change) {
    const next = { ...get().replayGain, ...change };
    set({ replayGain: { ...next, preampDb: clampPreamp(next.preampDb) } });
  },
  setCrossfade(seconds) {
    set({ crossfadeSeconds: clampCrossfade(seconds) });
  },
});
