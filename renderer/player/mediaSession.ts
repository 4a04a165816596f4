import type { TrackSummary } from '../../core/api/appApi';

/** What the system's media controls (keys, lock screen, headset) can ask for. */
export interface MediaSessionActions {
  play(): void;
  pause(): void;
  previous(): void;
  next(): void;
  seekTo(seconds: number): void;
  seekBy(deltaSeconds: number): void;
}

const defaultSkipSeconds = 10;

function session(): MediaSession | null {
  return typeof navigator !== 'undefined' && 'mediaSession' in navigator ? navigator.mediaSession : null;
}

function setHandler(media: MediaSession, action: MediaSessionAction, handler: MediaSessionActionHandler) {
  try {
    media.setActionHandler(action, handler);
  } catch {
    // This browser does not know the action; the others still work.
  }
}

export function registerMediaSessionActions(actions: MediaSessionActions): void {
  const media = session();
  if (!media) return;
  setHandler(media, 'play', () => actions.play());
  setHandler(media, 'pause', () => actions.pause());
  setHandler(media, 'previoustrack', () => actions.previous());
  setHandler(media, 'nexttrack', () => actions.next());
  setHandler(media, 'seekto', (details) => {
    if (details.seekTime != null) actions.seekTo(details.seekTime);
  });
  setHandler(media, 'seekbackward', (details) => actions.seekBy(-(details.seekOffset ?? defaultSkipSeconds)));
  setHandler(media, 'seekforward', (details) => actions.seekBy(details.seekOffset ?? defaultSkipSeconds));
}

export function showMediaSessionTrack(track: TrackSummary | null, coverUrl: string | null): void {
  const media = session();
  if (!media || typeof MediaMetadata === 'undefined') return;
  if (!track) {
    media.metadata = null;
    return;
  }
  media.metadata = new MediaMetadata({
    title: track.title,
    artist: track.artist,
    album: track.album,
    artwork: coverUrl ? [{ src: new URL(coverUrl, document.baseURI).href }] : [],
  });
}

export function showMediaSessionState(playing: boolean, hasTrack: boolean): void {
  const media = session();
  if (media) media.playbackState = hasTrack ? (playing ? 'playing' : 'paused') : 'none';
}

export function showMediaSessionPosition(position: number, duration: number): void {
  const media = session();
  if (!media?.setPositionState || !(duration > 0)) return;
  try {
    media.setPositionState({ duration, position: Math.min(position, duration), playbackRate: 1 });
  } catch {
    // A position the browser rejects (a race with a new track) is simply not shown.
  }
}
