import type { CatalogueTrackState, TrackSummary } from '../../core/api/appApi';
import type { Bridge } from '../bridge/bridge';
import { audioFormatForMime } from '../logic/audioFormat';
import { nextPosition } from '../logic/queueOrder';
import { replayGainFactor } from '../logic/replayGain';
import { isPlayable, lockedTrackMessage } from '../logic/unlockProgress';
import type { AppState, AppStore } from '../store/appStore';
import type { AudioSource } from './audioPlayer';
import { AudioPlayer } from './audioPlayer';
import { MAX_DECODED_SECONDS } from './decodedAudio';
import {
  registerMediaSessionActions,
  showMediaSessionPosition,
  showMediaSessionState,
  showMediaSessionTrack,
} from './mediaSession';

const progressIntervalMs = 250;
const preloadDelayMs = 1000;
/** A track that has not started by then is given up on (the host waits 30 s for a peer). */
const startTimeoutMs = 45_000;

/**
 * Keeps the audio in step with the store: the store says what should play, the audio engine
 * plays it and reports back (progress, end, errors). Returns a function that stops it all.
 */
export function startPlayback(store: AppStore, bridge: Bridge): () => void {
  const actions = () => store.getState();
  const sourceOf = (track: TrackSummary, catalogue: CatalogueTrackState | null): AudioSource => ({
    trackId: track.id,
    url: bridge.mediaUrl(track.id),
    format: audioFormatForMime(track.mime),
    gain: replayGainFactor(track.replayGain, actions().replayGain),
    // Catalogue tracks stream from peers: waiting for the whole file would delay their start.
    decodable: catalogue === null && (track.durationMs ?? 0) <= MAX_DECODED_SECONDS * 1000,
  });

  const audio = new AudioPlayer(
    {
      onPlay: () => {
        stopWatchingStart();
        actions().reportPlaying(true);
        actions().trackStarted();
      },
      onPause: () => actions().reportPlaying(false),
      onEnd: () => actions().trackEnded(),
      onError: (reason) => {
        stopWatchingStart();
        void explainFailure(reason);
      },
      onBlocked: () => actions().reportPlaying(false),
    },
    bridge.fetchMedia,
  );

  /**
   * The engine only knows the audio failed ("format not supported" for any refused answer): the
   * host says why when it can (a locked wallet, content no peer has), so the listener reads the
   * real cause and what to do.
   */
  async function explainFailure(engineReason: string) {
    const { current, loadToken } = actions();
    const which = current ? `“${current.title}”` : 'this track';
    const problem = current ? await bridge.playbackProblem(current.id).catch(() => null) : null;
    if (actions().loadToken !== loadToken) return;
    if (current && problem?.code === 'WALLET_LOCKED') {
      audio.stop();
      actions().trackBlocked({
        trackId: current.id,
        code: problem.code,
        message: `${which} cannot play yet. ${problem.message}`,
      });
      return;
    }
    actions().trackFailed(
      problem ? `Couldn't play ${which}. ${problem.message}` : `Couldn't play ${which}: ${engineReason}.`,
    );
  }

  // The audio element may wait on a request for good and report nothing: the wait is bounded here.
  let startTimer: ReturnType<typeof setTimeout> | null = null;
  function stopWatchingStart() {
    if (startTimer) clearTimeout(startTimer);
    startTimer = null;
  }
  function watchStart(token: number) {
    stopWatchingStart();
    startTimer = setTimeout(() => {
      if (actions().loadToken !== token || !actions().playing) return;
      audio.stop();
      void explainFailure('it did not start within 45 seconds');
    }, startTimeoutMs);
  }

  let progressTimer: ReturnType<typeof setInterval> | null = null;
  let preloadTimer: ReturnType<typeof setTimeout> | null = null;
  let upcomingTrack: TrackSummary | null = null;

  function reportProgress() {
    const { current } = actions();
    const duration = audio.duration() || (current?.durationMs ?? 0) / 1000;
    const position = audio.position();
    actions().reportProgress(position, duration);
    showMediaSessionPosition(position, duration);
  }

  function followPlaying(playing: boolean) {
    if (playing && !progressTimer) progressTimer = setInterval(reportProgress, progressIntervalMs);
    if (!playing && progressTimer) {
      clearInterval(progressTimer);
      progressTimer = null;
    }
  }

  async function preloadNext() {
    const state = actions();
    const step = nextPosition(state, 'ended', Math.random);
    // A new shuffled round is decided when it starts: nothing sensible to preload before.
    if (!step || step.shuffleOrder !== state.shuffleOrder || step.index === state.index) {
      audio.preload(null);
      return;
    }
    const id = state.queue[step.index];
    const track =
      id == null
        ? null
        : await actions()
            .trackInfo(id)
            .catch(() => null);
    const catalogue = track ? await actions().catalogueStateOf(track.id) : null;
    upcomingTrack = track && isPlayable(catalogue) ? track : null;
    if (upcomingTrack) audio.preload(sourceOf(upcomingTrack, catalogue));
  }

  function schedulePreload() {
    if (preloadTimer) clearTimeout(preloadTimer);
    preloadTimer = setTimeout(() => void preloadNext(), preloadDelayMs);
  }

  async function loadCurrent(token: number) {
    const { queue, index } = actions();
    const id = queue[index];
    if (index < 0 || id == null) {
      audio.stop();
      audio.preload(null);
      actions().setCurrent(null);
      showMediaSessionTrack(null, null);
      return;
    }
    let track: TrackSummary | null = null;
    try {
      track = await actions().trackInfo(id);
    } catch (error) {
      actions().notifyError(error);
    }
    if (actions().loadToken !== token) return;
    if (!track) {
      actions().trackFailed('A track in the queue is no longer in your library.');
      return;
    }
    // A locked catalogue track has no key yet: say so rather than fail inside the audio engine.
    const catalogue = await actions().catalogueStateOf(track.id);
    if (actions().loadToken !== token) return;
    if (!isPlayable(catalogue)) {
      actions().trackFailed(lockedTrackMessage(track.title));
      return;
    }
    actions().setCurrent(track);
    actions().reportProgress(0, (track.durationMs ?? 0) / 1000);
    showMediaSessionTrack(track, track.coverId == null ? null : bridge.coverUrl(track.coverId));
    audio.load(sourceOf(track, catalogue), actions().playing);
    if (actions().playing) watchStart(token);
    schedulePreload();
  }

  function onChange(state: AppState, previous: AppState) {
    if (state.loadToken !== previous.loadToken) void loadCurrent(state.loadToken);
    else if (state.playing !== previous.playing) {
      if (state.playing) audio.play();
      else audio.pause();
    }
    if (state.playing !== previous.playing) followPlaying(state.playing);
    if (state.volume !== previous.volume || state.muted !== previous.muted)
      audio.setVolume(state.volume, state.muted);
    if (state.replayGain !== previous.replayGain) {
      for (const track of [state.current, upcomingTrack]) {
        if (track) audio.setTrackGain(track.id, replayGainFactor(track.replayGain, state.replayGain));
      }
    }
    if (state.seekRequest != null && state.seekRequest !== previous.seekRequest) {
      audio.seek(state.seekRequest);
      showMediaSessionPosition(state.seekRequest, state.duration);
      state.seekApplied();
    }
    if (
      state.queue !== previous.queue ||
      state.shuffleOrder !== previous.shuffleOrder ||
      state.repeat !== previous.repeat
    ) {
      schedulePreload();
    }
    if (state.playing !== previous.playing || state.current !== previous.current) {
      showMediaSessionState(state.playing, state.current != null);
    }
  }

  registerMediaSessionActions({
    play: () => (actions().index >= 0 ? actions().reportPlaying(true) : actions().togglePlay()),
    pause: () => actions().reportPlaying(false),
    previous: () => actions().previous(),
    next: () => actions().next(),
    seekTo: (seconds) => actions().seek(seconds),
    seekBy: (delta) => actions().seekBy(delta),
  });

  audio.setVolume(actions().volume, actions().muted);
  const unsubscribe = store.subscribe(onChange);
  return () => {
    unsubscribe();
    stopWatchingStart();
    followPlaying(false);
    if (preloadTimer) clearTimeout(preloadTimer);
    audio.stop();
    audio.preload(null);
  };
}
