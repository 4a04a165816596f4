import { Howl } from 'howler';
import type { AudioEvents, AudioSource, Voice } from './voice';

// Howler stops a download by pointing the audio element at a `data:` URL, which the page's
// CSP (media-src 'self' busker:) refuses with a console error. Dropping the source and
// reloading stops the download and frees the buffer just the same.
const howlInternals = Howl.prototype as unknown as { _clearSound?: (node: HTMLMediaElement) => void };
if (typeof howlInternals._clearSound === 'function') {
  howlInternals._clearSound = (node) => {
    node.removeAttribute('src');
    node.load();
  };
}

// MediaError codes, as the audio element reports them through howler.
const mediaErrorReasons: Record<number, string> = {
  1: 'loading was interrupted',
  2: 'the file could not be read',
  3: 'the file is damaged or its audio could not be decoded',
  4: 'this file format cannot be played here',
};

function describeLoadError(error: unknown): string {
  if (typeof error === 'number') return mediaErrorReasons[error] ?? 'it could not be loaded';
  if (typeof error === 'string' && /codec/i.test(error)) return 'this file format cannot be played here';
  return 'it could not be loaded';
}

/**
 * A track streamed by howler's HTML5 audio: it starts at once and seeks by Range requests, so
 * catalogue tracks and files too large to decode whole play this way. Its gain can only cut.
 */
export class HowlVoice implements Voice {
  private readonly howl: Howl;
  private wantsPlaying = false;
  private pendingSeek: number | null = null;

  constructor(
    readonly source: AudioSource,
    events: AudioEvents,
  ) {
    this.howl = new Howl({
      src: [source.url],
      ...(source.format ? { format: [source.format] } : {}),
      html5: true,
      preload: true,
      volume: Math.min(1, source.gain),
      onplay: () => {
        if (this.pendingSeek != null) this.howl.seek(this.pendingSeek);
        this.pendingSeek = null;
        if (this.wantsPlaying) events.onPlay();
        else this.howl.pause();
      },
      // howler reports events a tick late: a pause echoed after the listener pressed Play again
      // is stale, and every pause howler reports is one this player asked for.
      onpause: () => !this.wantsPlaying && events.onPause(),
      onend: () => events.onEnd(),
      onloaderror: (_id, error) => events.onError(describeLoadError(error)),
      onplayerror: (_id, error) => {
        if (/NotAllowed|user|interact|gesture/i.test(String(error))) events.onBlocked();
        else events.onError(describeLoadError(error));
      },
    });
  }

  // While an HTML5 play() is pending, howler queues a pause or a seek and runs it only when an
  // event of the same name fires, which never comes: the pause is lost and the track plays on.
  // The voice asks howler only when no play is pending, and applies the rest once it started.
  private isPlayPending(): boolean {
    return (this.howl as unknown as { _playLock?: boolean })._playLock === true;
  }

  play(): void {
    this.wantsPlaying = true;
    if (!this.howl.playing()) this.howl.play();
  }

  pause(): void {
    this.wantsPlaying = false;
    if (!this.isPlayPending()) this.howl.pause();
  }

  seek(seconds: number): void {
    if (this.isPlayPending()) this.pendingSeek = seconds;
    else this.howl.seek(seconds);
  }

  position(): number {
    const value = this.howl.seek();
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }

  duration(): number {
    const value = this.howl.duration();
    return Number.isFinite(value) ? value : 0;
  }

  isPlaying(): boolean {
    return this.howl.playing();
  }

  setGain(gain: number): void {
    this.howl.volume(Math.min(1, gain));
  }

  dispose(): void {
    this.howl.off();
    this.howl.unload();
  }
}
