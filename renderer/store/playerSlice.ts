import type { TrackQuery, TrackSummary } from '../../core/api/appApi';
import type { QueueState, RepeatMode } from '../logic/queueOrder';
import type { EditedQueue } from '../logic/queueEdits';
import { append, insertNext, moveEntry } from '../logic/queueEdits';
import {
  nextPosition,
  previousStep,
  removeFromQueue as removedFromQueue,
  shuffledOrder,
  shuffleOrderFor,
} from '../logic/queueOrder';
import type { SliceCreator } from './storeTypes';

export type { RepeatMode } from '../logic/queueOrder';

export interface PlayerSlice {
  queue: number[];
  /** Index into `queue` of the current track, -1 when none. */
  index: number;
  shuffleOrder: readonly number[] | null;
  playing: boolean;
  /** Seconds into the current track, and its length (0 while unknown). */
  position: number;
  duration: number;
  /** 0..1, applied unless muted. */
  volume: number;
  muted: boolean;
  shuffle: boolean;
  repeat: RepeatMode;
  current: TrackSummary | null;
  /** Moves on whenever the current track must (re)load, even when it is the same id again. */
  loadToken: number;
  /** A seek the audio has not applied yet, in seconds. */
  seekRequest: number | null;
  /** Tracks that failed in a row: stops a queue of unplayable files from spinning forever. */
  failuresInARow: number;

  playTracks(ids: number[], startIndex: number): void;
  playQuery(query: TrackQuery, trackId: number | null, fallbackIndex: number): Promise<void>;
  playQueueIndex(index: number): void;
  togglePlay(): void;
  next(): void;
  previous(): void;
  seek(seconds: number): void;
  seekBy(deltaSeconds: number): void;
  setVolume(volume: number): void;
  changeVolumeBy(delta: number): void;
  toggleMute(): void;
  toggleShuffle(): void;
  cycleRepeat(): void;
  /** Queues tracks right after the current one. */
  playNext(trackIds: number[]): void;
  /** Queues tracks at the end. */
  addToQueue(trackIds: number[]): void;
  /** Moves an entry between positions of the play order, as the queue panel lists it. */
  moveInQueue(from: number, to: number): void;
  /** Takes the entry at queue index `index` out; the track after it plays if it was current. */
  removeFromQueue(index: number): void;
  clearQueue(): void;
  /** Puts back a saved queue, paused at `position` seconds into its current track. */
  restoreQueue(saved: EditedQueue, position: number): void;

  // Reports from the audio engine.
  setCurrent(track: TrackSummary | null): void;
  reportProgress(position: number, duration: number): void;
  reportPlaying(playing: boolean): void;
  seekApplied(): void;
  trackStarted(): void;
  trackEnded(): void;
  trackFailed(message: string): void;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const nextRepeat: Record<RepeatMode, RepeatMode> = { off: 'all', all: 'one', one: 'off' };

const stopped = { playing: false, position: 0, index: -1, current: null, duration: 0 } as const;

export const createPlayerSlice: SliceCreator<PlayerSlice> = (bridge) => (set, get) => {
  const queueState = (): QueueState => {
    const { queue, index, shuffleOrder, repeat } = get();
    return { queue, index, shuffleOrder, repeat };
  };

  /** Makes `index` the current track and has the engine load it. */
  function playAt(index: number, shuffleOrder: readonly number[] | null = get().shuffleOrder) {
    set((state) => ({
      index,
      shuffleOrder,
      playing: true,
      position: 0,
      duration: 0,
      seekRequest: null,
      loadToken: state.loadToken + 1,
    }));
  }

  function advance(reason: 'ended' | 'user') {
    const step = nextPosition(queueState(), reason, Math.random);
    if (step) playAt(step.index, step.shuffleOrder);
    else if (reason === 'ended') set({ playing: false, position: 0, seekRequest: 0 });
  }

  return {
    queue: [],
    index: -1,
    shuffleOrder: null,
    playing: false,
    position: 0,
    duration: 0,
    volume: 0.8,
    muted: false,
    shuffle: false,
    repeat: 'off',
    current: null,
    loadToken: 0,
    seekRequest: null,
    failuresInARow: 0,

    playTracks(ids, startIndex) {
      if (ids.length === 0) return;
      const index = clamp(startIndex, 0, ids.length - 1);
      set({ queue: ids, failuresInARow: 0 });
      playAt(index, get().shuffle ? shuffledOrder(ids.length, index, Math.random) : null);
    },

    async playQuery(query, trackId, fallbackIndex) {
      try {
        const ids = await bridge.listTrackIds(query);
        const found = trackId == null ? -1 : ids.indexOf(trackId);
        get().playTracks(ids, found >= 0 ? found : fallbackIndex);
      } catch (error) {
        get().notifyError(error);
      }
    },

    playQueueIndex(index) {
      if (index < 0 || index >= get().queue.length) return;
      set({ failuresInARow: 0 });
      playAt(index);
    },

    togglePlay() {
      const { index, queue, playing } = get();
      if (index >= 0) set({ playing: !playing });
      else if (queue.length > 0) playAt(get().shuffleOrder?.[0] ?? 0);
    },

    next: () => advance('user'),

    previous() {
      const step = previousStep(queueState(), get().position);
      if (!step) return;
      if (step.kind === 'restart') get().seek(0);
      else playAt(step.index);
    },

    seek(seconds) {
      const { duration, index } = get();
      if (index < 0) return;
      const target = clamp(seconds, 0, duration > 0 ? duration : Number.MAX_SAFE_INTEGER);
      set({ position: target, seekRequest: target });
    },

    seekBy: (delta) => get().seek(get().position + delta),
    setVolume: (volume) => set({ volume: clamp(volume, 0, 1), muted: false }),
    changeVolumeBy: (delta) => get().setVolume(Math.round((get().volume + delta) * 100) / 100),
    toggleMute: () => set((state) => ({ muted: !state.muted })),

    toggleShuffle() {
      const shuffle = !get().shuffle;
      set({ shuffle, shuffleOrder: shuffleOrderFor(get(), shuffle, Math.random) });
    },

    cycleRepeat: () => set((state) => ({ repeat: nextRepeat[state.repeat] })),

    playNext: (ids) => set(insertNext(queueState(), ids)),
    addToQueue: (ids) => set(append(queueState(), ids)),
    moveInQueue: (from, to) => set(moveEntry(queueState(), from, to)),

    removeFromQueue(removeIndex) {
      const result = removedFromQueue(queueState(), removeIndex);
      set({ queue: result.queue, shuffleOrder: result.shuffleOrder, index: result.index });
      if (!result.removedCurrent) return;
      if (result.index >= 0) playAt(result.index);
      else set((state) => ({ ...stopped, loadToken: state.loadToken + 1 }));
    },

    clearQueue: () =>
      set((state) => ({ ...stopped, queue: [], shuffleOrder: null, loadToken: state.loadToken + 1 })),

    restoreQueue(saved, position) {
      set((state) => ({
        ...saved,
        playing: false,
        position: saved.index >= 0 ? position : 0,
        duration: 0,
        seekRequest: null,
        loadToken: state.loadToken + 1,
      }));
    },

    setCurrent: (current) => set({ current }),

    reportProgress(position, duration) {
      const state = get();
      if (state.seekRequest != null) return;
      if (Math.abs(state.position - position) >= 0.05 || state.duration !== duration)
        set({ position, duration });
    },

    reportPlaying: (playing) => {
      if (get().playing !== playing) set({ playing });
    },
    seekApplied: () => set({ seekRequest: null }),
    trackStarted: () => set({ failuresInARow: 0 }),
    trackEnded: () => advance('ended'),

    trackFailed(message) {
      get().notify(message, 'error');
      const failures = get().failuresInARow + 1;
      set({ failuresInARow: failures });
      if (failures >= Math.min(get().queue.length, 20)) {
        get().notify('None of the next tracks could be played, so playback stopped.', 'error');
        set({ playing: false, failuresInARow: 0 });
        return;
      }
      const step = nextPosition(queueState(), 'user', Math.random);
      if (step) playAt(step.index, step.shuffleOrder);
      else set({ playing: false });
    },
  };
};
