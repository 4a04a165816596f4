import type { Bridge } from '../bridge/bridgeTypes';
import { PlayCount } from '../logic/playCount';
import { invalidated } from '../logic/pageCache';
import type { AppStore } from '../store/appStore';

/**
 * Shows a recorded play at once: the track's count and last play, and the track list refetched
 * (its Plays and Last played columns, and its order when sorted by them or in Recently played).
 */
function showPlay(store: AppStore, trackId: number, at: number): void {
  store.setState((state) => {
    const counted = <T extends { id: number; playCount: number }>(track: T): T =>
      track.id === trackId ? { ...track, playCount: track.playCount + 1, lastPlayedAt: at } : track;
    const known = state.tracksById.get(trackId);
    const tracksById = known ? new Map(state.tracksById).set(trackId, counted(known)) : state.tracksById;
    return {
      tracksById,
      current: state.current && counted(state.current),
      trackPages: invalidated(state.trackPages),
    };
  });
}

/**
 * Records a play in the library each time one counts (half the track or four minutes heard, once
 * per start of the track). Returns a function that stops counting.
 */
export function countPlays(store: AppStore, bridge: Pick<Bridge, 'recordPlay'>): () => void {
  const count = new PlayCount();
  return store.subscribe((state, previous) => {
    if (state.loadToken !== previous.loadToken) count.restart();
    if (state.position === previous.position) return;
    const track = state.current;
    if (!track || track.id !== state.queue[state.index]) return;
    const playing = state.playing && previous.playing;
    if (!count.progress(state.position, playing, state.duration, performance.now())) return;
    bridge.recordPlay(track.id).then(
      () => showPlay(store, track.id, Date.now()),
      (error: unknown) => store.getState().notifyError(error),
    );
  });
}
