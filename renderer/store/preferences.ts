import type { TrackSort } from '../../core/api/appApi';
import { readReplayGain } from '../logic/playbackQuality';
import type { RepeatMode } from '../logic/queueOrder';
import type { ReplayGainSettings } from '../logic/replayGain';
import type { AppStore } from './appStore';

const storageKey = 'busker.preferences';

interface Preferences {
  volume: number;
  muted: boolean;
  shuffle: boolean;
  repeat: RepeatMode;
  trackSort: TrackSort | null;
  replayGain: ReplayGainSettings;
}

const sortColumns = new Set(['title', 'artist', 'album', 'duration', 'plays', 'lastPlayed']);

function readTrackSort(value: unknown): TrackSort | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const { column, descending } = value as Record<string, unknown>;
  if (typeof column !== 'string' || !sortColumns.has(column) || typeof descending !== 'boolean')
    return undefined;
  return { column: column as TrackSort['column'], descending };
}

function readPreferences(): Partial<Preferences> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
    if (typeof value !== 'object' || value === null) return {};
    const raw = value as Record<string, unknown>;
    const result: Partial<Preferences> = {};
    if (typeof raw.volume === 'number' && raw.volume >= 0 && raw.volume <= 1) result.volume = raw.volume;
    if (typeof raw.muted === 'boolean') result.muted = raw.muted;
    if (typeof raw.shuffle === 'boolean') result.shuffle = raw.shuffle;
    if (raw.repeat === 'off' || raw.repeat === 'all' || raw.repeat === 'one') result.repeat = raw.repeat;
    const trackSort = readTrackSort(raw.trackSort);
    if (trackSort !== undefined) result.trackSort = trackSort;
    if (raw.replayGain !== undefined) result.replayGain = readReplayGain(raw.replayGain);
    return result;
  } catch {
    return {};
  }
}

/** Restores the listener's volume, mute, shuffle, repeat, track sort and levelling, and saves them as they change. */
export function persistPreferences(store: AppStore): () => void {
  store.setState(readPreferences());
  return store.subscribe((state, previous) => {
    if (
      state.volume === previous.volume &&
      state.muted === previous.muted &&
      state.shuffle === previous.shuffle &&
      state.repeat === previous.repeat &&
      state.trackSort === previous.trackSort &&
      state.replayGain === previous.replayGain
    ) {
      return;
    }
    const preferences: Preferences = {
      volume: state.volume,
      muted: state.muted,
      shuffle: state.shuffle,
      repeat: state.repeat,
      trackSort: state.trackSort,
      replayGain: state.replayGain,
    };
    try {
      localStorage.setItem(storageKey, JSON.stringify(preferences));
    } catch {
      // Storage may be unavailable (private mode); preferences then last for this session.
    }
  });
}
