import { Howler } from 'howler';
import { planCrossfade } from '../logic/crossfade';
import { AudioClock } from './audioClock';
import { BufferVoice } from './bufferVoice';
import { decodeWholeFile } from './decodedAudio';
import { HowlVoice } from './howlVoice';
import type { AudioEvents, AudioSource, Voice } from './voice';

export type { AudioEvents, AudioSource } from './voice';

// Closer to the end than this, the next track is left to start when the current one ends.
const minimumLeadSeconds = 0.05;

/**
 * Plays one track at a time and keeps the next one ready. Library files are decoded whole and
 * played on one AudioContext, the next one scheduled to start at the exact sample the current
 * one ends (gapless); catalogue tracks and files too large to decode stream through howler's
 * HTML5 audio, which starts at once but cannot join two tracks without a gap.
 */
export class AudioPlayer {
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private clock: AudioClock | null = null;
  private current: Voice | null = null;
  private upcoming: Voice | null = null;
  /** Seconds the upcoming track overlaps the current one, 0 for a gapless join. */
  private upcomingCrossfade = 0;
  /** The current track took over from the previous one at its last sample: no load needed. */
  private continued = false;
  /** The previous track, still fading out under the current one once a crossfade handed over. */
  private leaving: Voice | null = null;
  private handOverTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly decodes = new Map<Voice, AbortController>();
  private volume = 1;
  private muted = false;

  constructor(
    private readonly events: AudioEvents,
    private readonly fetchMedia: (trackId: number, signal: AbortSignal) => Promise<Response>,
  ) {}

  /** Starts (or, with autoplay false, just loads) a track, reusing the preloaded one when it matches. */
  load(source: AudioSource, autoplay: boolean): void {
    const continued = this.continued;
    this.continued = false;
    if (!continued) this.dropLeaving();
    if (this.current && this.current.source.url === source.url) {
      if (!continued) {
        this.cancelUpcoming();
        this.current.seek(0);
      }
    } else {
      this.dispose(this.current);
      if (this.upcoming && this.upcoming.source.url === source.url) {
        // Chosen, not reached: it starts now, from its beginning at full level, without a fade.
        if (this.upcoming instanceof BufferVoice) this.upcoming.cancelStart();
        this.current = this.upcoming;
        this.upcoming = null;
      } else {
        // A preloaded track may already be scheduled on the audio clock: it must not sound now.
        this.dispose(this.upcoming);
        this.upcoming = null;
        this.current = this.create(source);
      }
    }
    if (autoplay) this.play();
    else this.pause();
  }

  /**
   * Loads a track in the background for the next switch; null forgets the preloaded one. With a
   * crossfade (seconds, decoded tracks only) it starts that long before the current one ends.
   */
  preload(source: AudioSource | null, crossfadeSeconds = 0): void {
    if (this.upcoming?.source.url === source?.url) {
      if (crossfadeSeconds === this.upcomingCrossfade) return;
      this.upcomingCrossfade = crossfadeSeconds;
      // Not heard yet: planned again with the new length. A fade under way runs its course.
      if (this.upcoming instanceof BufferVoice && !this.upcoming.isAudible()) this.cancelUpcoming();
      this.scheduleUpcoming();
      return;
    }
    this.upcomingCrossfade = crossfadeSeconds;
    this.cancelUpcoming();
    this.dispose(this.upcoming);
    this.upcoming = source && source.url !== this.current?.source.url ? this.create(source) : null;
    this.scheduleUpcoming();
  }

  play(): void {
    this.current?.play();
    this.scheduleUpcoming();
  }

  pause(): void {
    this.current?.pause();
  }

  stop(): void {
    this.cancelUpcoming();
    this.dropLeaving();
    this.dispose(this.current);
    this.current = null;
  }

  seek(seconds: number): void {
    this.cancelUpcoming();
    this.dropLeaving();
    this.current?.seek(seconds);
    this.scheduleUpcoming();
  }

  /** Seconds played of the current track. */
  position(): number {
    return this.current?.position() ?? 0;
  }

  /** Length of the current track in seconds, 0 until it is known. */
  duration(): number {
    return this.current?.duration() ?? 0;
  }

  isPlaying(): boolean {
    return this.current?.isPlaying() ?? false;
  }

  /** Applies a new ReplayGain to a track, playing or preloaded, without restarting it. */
  setTrackGain(trackId: number, gain: number): void {
    for (const voice of [this.current, this.upcoming, this.leaving]) {
      if (voice?.source.trackId === trackId) voice.setGain(gain);
    }
  }

  setVolume(volume: number, muted: boolean): void {
    this.volume = volume;
    this.muted = muted;
    Howler.volume(volume);
    Howler.mute(muted);
    if (this.master) this.master.gain.value = muted ? 0 : volume;
  }

  private output(): { context: AudioContext; clock: AudioClock; master: GainNode } {
    if (!this.context || !this.master || !this.clock) {
      this.context = new AudioContext();
      this.clock = new AudioClock(this.context);
      this.master = this.context.createGain();
      this.master.gain.value = this.muted ? 0 : this.volume;
      this.master.connect(this.context.destination);
    }
    return { context: this.context, clock: this.clock, master: this.master };
  }

  private create(source: AudioSource): Voice {
    let voice: Voice | null = null;
    const events = this.eventsFor(() => voice);
    if (!source.decodable) return (voice = new HowlVoice(source, events));
    const { context, clock, master } = this.output();
    const abort = new AbortController();
    const decoded = decodeWholeFile(context, this.fetchMedia(source.trackId, abort.signal));
    voice = new BufferVoice(source, context, clock, master, events, decoded, (undecodable) =>
      this.streamInstead(undecodable),
    );
    this.decodes.set(voice, abort);
    void decoded.then(() => {
      this.decodes.delete(voice as Voice);
      if (voice === this.upcoming || voice === this.current) this.scheduleUpcoming();
    });
    return voice;
  }

  /** A file that could not be decoded whole streams instead, carrying on where it was. */
  private streamInstead(voice: BufferVoice): void {
    const replacement = this.create({ ...voice.source, decodable: false });
    if (this.current === voice) {
      this.current = replacement;
      if (voice.position() > 0) replacement.seek(voice.position());
      if (voice.isWanted()) replacement.play();
    } else if (this.upcoming === voice) {
      this.upcoming = replacement;
    } else {
      replacement.dispose();
    }
    voice.dispose();
  }

  private eventsFor(voice: () => Voice | null): AudioEvents {
    const isCurrent = () => voice() !== null && voice() === this.current;
    return {
      onPlay: () => isCurrent() && this.events.onPlay(),
      onPause: () => isCurrent() && this.events.onPause(),
      onEnd: () => {
        if (isCurrent()) this.currentEnded();
        else if (voice() !== null && voice() === this.leaving) this.dropLeaving();
      },
      // A preloaded track that fails is reported when it becomes current and fails again.
      onError: (reason) => isCurrent() && this.events.onError(reason),
      onBlocked: () => isCurrent() && this.events.onBlocked(),
    };
  }

  private currentEnded(): void {
    const next = this.upcoming;
    if (next instanceof BufferVoice && next.isStarted()) {
      // The next track started at this one's last sample: it is the current one already.
      this.dispose(this.current);
      this.current = next;
      this.upcoming = null;
      this.continued = true;
      this.events.onEnd();
      this.events.onPlay();
      return;
    }
    this.events.onEnd();
  }

  /**
   * Schedules the decoded next track at the current one's last sample, or with a crossfade
   * that long before it, when both allow it.
   */
  private scheduleUpcoming(): void {
    const current = this.current;
    const next = this.upcoming;
    if (!(current instanceof BufferVoice) || !(next instanceof BufferVoice) || !this.context) return;
    const end = current.endTime();
    if (end === null || !next.isReady() || next.isStarted() || !current.isPlaying()) return;
    const plan = planCrossfade({
      currentEnd: end,
      currentDuration: current.duration(),
      nextDuration: next.duration(),
      seconds: this.upcomingCrossfade,
      now: this.context.currentTime,
      minimumLead: minimumLeadSeconds,
    });
    if (!plan) return;
    next.startAt(plan.startAt);
    if (plan.overlap === 0) return;
    next.fade('in', plan.startAt, plan.overlap);
    current.fade('out', plan.startAt, plan.overlap);
    this.handOverAt(plan.startAt);
  }

  /**
   * A crossfade makes the next track the current one as it starts to be heard, not when the
   * previous one has faded out: Now playing, the position and the controls follow what is new.
   */
  private handOverAt(when: number): void {
    clearTimeout(this.handOverTimer);
    const delayMs = Math.max(0, (when - (this.context?.currentTime ?? 0)) * 1000);
    this.handOverTimer = setTimeout(() => this.handOver(), delayMs);
  }

  private handOver(): void {
    const next = this.upcoming;
    if (!(next instanceof BufferVoice) || !next.isStarted()) return;
    // The audio clock is held (paused) or behind the timer: not heard yet, so not yet.
    if (!next.isAudible()) return this.handOverAt((this.context?.currentTime ?? 0) + 0.1);
    this.dropLeaving();
    this.leaving = this.current;
    this.current = next;
    this.upcoming = null;
    this.continued = true;
    this.events.onEnd();
    this.events.onPlay();
  }

  /** Silences the track still fading out (the listener moved on, or it has ended). */
  private dropLeaving(): void {
    this.dispose(this.leaving);
    this.leaving = null;
  }

  /** Takes back the next track's start, and the current one's fade-out with it. */
  private cancelUpcoming(): void {
    clearTimeout(this.handOverTimer);
    if (this.upcoming instanceof BufferVoice) this.upcoming.cancelStart();
    if (this.current instanceof BufferVoice) this.current.cancelFadeOut();
  }

  private dispose(voice: Voice | null): void {
    if (!voice) return;
    this.decodes.get(voice)?.abort();
    this.decodes.delete(voice);
    voice.dispose();
  }
}
