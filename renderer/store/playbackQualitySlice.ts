import type { ReplayGainSettings } from '../logic/replayGain';
import { clampPreamp } from '../logic/playbackQuality';
import { defaultReplayGain } from '../logic/replayGain';
import type { SliceCreator } from './storeTypes';

/** How tracks sound on their way out: ReplayGain levelling (issue 24). */
export interface PlaybackQualitySlice {
  replayGain: ReplayGainSettings;
  setReplayGain(change: Partial<ReplayGainSettings>): void;
}

export const createPlaybackQualitySlice: SliceCreator<PlaybackQualitySlice> = () => (set, get) => ({
  replayGain: defaultReplayGain,
  setReplayGain(change) {
    const next = { ...get().replayGain, ...change };
    set({ replayGain: { ...next, preampDb: clampPreamp(next.preampDb) } });
  },
});
