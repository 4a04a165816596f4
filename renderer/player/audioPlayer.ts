import { Howl, Howler } from 'howler';

export interface AudioSource {
  trackId: number;
  url: string;
  /** Howler's format name (from the mime), so it does not guess from the URL. */
  format: string | null;
}

export interface AudioEvents {
  onPlay(): void;
  onPause(): void;
  onEnd(): void;
  /** The track cannot be played; `reason` says why in the listener's words. */
  onError(reason: string): void;
  /** The browser refused to start audio without a gesture: wait for the listener to press Play. */
  onBlocked(): void;
}

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

interface LoadedSound {
  source: AudioSource;
  howl: Howl;
}

// While an HTML5 play() is pending, howler queues a pause or a seek and runs it only when an
// event of the same name fires, which never comes: the pause is lost and the track plays on.
// The player asks howler only when no play is pending, and applies the rest once it started.
const isPlayPending = (howl: Howl) => (howl as unknown as { _playLock?: boolean })._playLock === true;

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
 * Plays one track at a time with howler (HTML5 audio, so files stream instead of being decoded
 * whole), and keeps the next track loaded so the switch after it is quick.
 */
export class AudioPlayer {
  private current: LoadedSound | null = null;
  private upcoming: LoadedSound | null = null;
  private wantsPlaying = false;
  private pendingSeek: number | null = null;

  constructor(private readonly events: AudioEvents) {}

  /** Starts (or, with autoplay false, just loads) a track, reusing the preloaded one when it matches. */
  load(source: AudioSource, autoplay: boolean): void {
    this.pendingSeek = null;
    if (this.current && this.current.source.url === source.url) {
      this.seek(0);
    } else {
      this.unload(this.current);
      if (this.upcoming && this.upcoming.source.url === source.url) {
        this.current = this.upcoming;
        this.upcoming = null;
      } else {
        this.current = this.create(source);
      }
    }
    if (autoplay) this.play();
    else this.wantsPlaying = false;
  }

  /** Loads a track in the background for the next switch; null forgets the preloaded one. */
  preload(source: AudioSource | null): void {
    if (this.upcoming?.source.url === source?.url) return;
    this.unload(this.upcoming);
    this.upcoming = source && source.url !== this.current?.source.url ? this.create(source) : null;
  }

  play(): void {
    this.wantsPlaying = true;
    const howl = this.current?.howl;
    if (howl && !howl.playing()) howl.play();
  }

  pause(): void {
    this.wantsPlaying = false;
    const howl = this.current?.howl;
    if (howl && !isPlayPending(howl)) howl.pause();
  }

  stop(): void {
    this.unload(this.current);
    this.current = null;
  }

  seek(seconds: number): void {
    const howl = this.current?.howl;
    if (howl && isPlayPending(howl)) this.pendingSeek = seconds;
    else howl?.seek(seconds);
  }

  /** Seconds played of the current track. */
  position(): number {
    const value = this.current?.howl.seek();
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }

  /** Length of the current track in seconds, 0 until it is known. */
  duration(): number {
    const value = this.current?.howl.duration() ?? 0;
    return Number.isFinite(value) ? value : 0;
  }

  isPlaying(): boolean {
    return this.current?.howl.playing() ?? false;
  }

  setVolume(volume: number, muted: boolean): void {
    Howler.volume(volume);
    Howler.mute(muted);
  }

  private create(source: AudioSource): LoadedSound {
    const sound: LoadedSound = { source, howl: null as unknown as Howl };
    const isCurrent = () => this.current === sound;
    sound.howl = new Howl({
      src: [source.url],
      ...(source.format ? { format: [source.format] } : {}),
      html5: true,
      preload: true,
      onplay: () => {
        if (!isCurrent()) return;
        if (this.pendingSeek != null) sound.howl.seek(this.pendingSeek);
        this.pendingSeek = null;
        if (this.wantsPlaying) this.events.onPlay();
        else sound.howl.pause();
      },
      // howler reports events a tick late: a pause echoed after the listener pressed Play again
      // is stale, and every pause howler reports is one this player asked for.
      onpause: () => isCurrent() && !this.wantsPlaying && this.events.onPause(),
      onend: () => isCurrent() && this.events.onEnd(),
      // A preloaded track that fails is reported when it becomes current and fails again.
      onloaderror: (_id, error) => isCurrent() && this.events.onError(describeLoadError(error)),
      onplayerror: (_id, error) => {
        if (!isCurrent()) return;
        if (/NotAllowed|user|interact|gesture/i.test(String(error))) this.events.onBlocked();
        else this.events.onError(describeLoadError(error));
      },
    });
    return sound;
  }

  private unload(sound: LoadedSound | null): void {
    if (!sound) return;
    sound.howl.off();
    sound.howl.unload();
  }
}
