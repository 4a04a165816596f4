import type { ReplayGainSettings } from '../logic/replayGain';
import { defaultReplayGain, PREAMP_LIMIT_DB } from '../logic/replayGain';
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
    const preampDb = Math.max(-PREAMP_LIMIT_DB, Math.min(PREAMP_LIMIT_DB, next.preampDb));
    set({ replayGain: { ...next, preampDb: Number.isFinite(preampDb) ? preampDb : 0 } });
  },
});
