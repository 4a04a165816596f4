import type { PlaybackProblem, TrackQuery, TrackSummary } from '../../core/api/appApi';
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

/** Why the player stopped on a track: shown in the player until it plays again. */
export interface PlayerProblem {
  trackId: number;
  /** 'FAILED': the queue could not go on (the last track, or every track in a row failed). */
  code: PlaybackProblem['code'] | 'FAILED';
  message: string;
}

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
  /** Set when playback stopped on a failed track; Play then loads it afresh. */
  playerProblem: PlayerProblem | null;

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
  /** The current track cannot be played (`reason`, a sentence): skip to the next, or stop on it. */
  trackFailed(reason: string): void;
  /** The current track needs the listener first (a locked wallet): stop on it and say why. */
  trackBlocked(problem: PlayerProblem): void;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const nextRepeat: Record<RepeatMode, RepeatMode> = { off: 'all', all: 'one', one: 'off' };

const stopped = {
  playing: false,
  position: 0,
  index: -1,
  current: null,
  duration: 0,
  playerProblem: null,
} as const;

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
      playerProblem: null,
      loadToken: state.loadToken + 1,
    }));
  }

  /** Stops on the current track with the reason shown; the next Play reloads it. */
  function stopOn(problem: PlayerProblem) {
    set({ playing: false, failuresInARow: 0, playerProblem: problem });
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
    playerProblem: null,

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
      const { index, queue, playing, playerProblem } = get();
      // A track that failed is loaded afresh: its engine state is dead (no reload of the page).
      if (index >= 0 && playerProblem && !playing) playAt(index);
      else if (index >= 0) set({ playing: !playing });
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
    trackStarted: () => {
      set({ failuresInARow: 0, playerProblem: null });
      get().noticeSubjectSucceeded('playback');
    },
    trackEnded: () => advance('ended'),

    trackFailed(reason) {
      const failures = get().failuresInARow + 1;
      const trackId = get().current?.id ?? get().queue[get().index] ?? -1;
      set({ failuresInARow: failures });
      const step =
        failures >= Math.min(get().queue.length, 20) ? null : nextPosition(queueState(), 'user', Math.random);
      if (step) {
        // Not about 'playback': the next track starting must not clear it before it is read.
        get().notify(`${reason} Skipping to the next track.`, 'error');
        playAt(step.index, step.shuffleOrder);
        return;
      }
      const message =
        failures > 1 ? `${reason} None of the next tracks could be played, so playback stopped.` : reason;
      get().notify(message, 'error', { subject: 'playback' });
      stopOn({ trackId, code: 'FAILED', message });
    },

    trackBlocked: (problem) => stopOn(problem),
  };
};
