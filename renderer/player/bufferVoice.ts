import { equalPowerCurve } from '../logic/crossfade';
import type { AudioClock } from './audioClock';
import type { AudioEvents, AudioSource, Voice } from './voice';

/**
 * A track decoded whole and played by AudioBufferSourceNodes: it can start at an exact time on
 * the audio clock, which is what makes the change from one track to the next gapless.
 */
export class BufferVoice implements Voice {
  private buffer: AudioBuffer | null = null;
  private node: AudioBufferSourceNode | null = null;
  private readonly gain: GainNode;
  /** Crossfade ramps, apart from the ReplayGain the listener may change during one. */
  private readonly fader: GainNode;
  /** Seconds into the track that play at `startedAt` (or where it resumes when stopped). */
  private offset = 0;
  private startedAt = 0;
  private wantsPlaying = false;
  private disposed = false;
  private fading: 'in' | 'out' | null = null;

  constructor(
    readonly source: AudioSource,
    private readonly context: AudioContext,
    private readonly clock: AudioClock,
    output: AudioNode,
    private readonly events: AudioEvents,
    decoded: Promise<AudioBuffer | null>,
    /** Called when the file cannot be decoded here, so the engine streams it instead. */
    private readonly onUndecodable: (voice: BufferVoice) => void,
  ) {
    this.gain = context.createGain();
    this.gain.gain.value = source.gain;
    this.fader = context.createGain();
    this.gain.connect(this.fader);
    this.fader.connect(output);
    void decoded.then((buffer) => {
      if (this.disposed) return;
      if (!buffer) {
        this.onUndecodable(this);
        return;
      }
      this.buffer = buffer;
      this.offset = Math.min(this.offset, buffer.duration);
      if (this.wantsPlaying) this.play();
    });
  }

  /** Decoded, so it can be scheduled. */
  isReady(): boolean {
    return this.buffer !== null;
  }

  /** True while a play was asked for and not yet undone: what a stream fallback must carry on. */
  isWanted(): boolean {
    return this.wantsPlaying;
  }

  play(): void {
    const wasPlaying = this.isPlaying();
    this.wantsPlaying = true;
    if (!this.buffer) return;
    this.clock.run(true);
    if (!this.node) this.start(this.context.currentTime);
    if (!wasPlaying) this.events.onPlay();
  }

  /** Starts from the beginning at `when` on the audio clock, right where the previous track ends. */
  startAt(when: number): void {
    if (!this.buffer || this.node) return;
    this.wantsPlaying = true;
    this.offset = 0;
    this.start(when);
  }

  /** Takes back a start that has not been heard yet (the previous track moved). */
  cancelStart(): void {
    this.wantsPlaying = false;
    this.stopNode();
    this.offset = 0;
    this.cancelFade();
  }

  /** Ramps the level up (in) or down to silence (out) from `when`, over `seconds`, equal-power. */
  fade(direction: 'in' | 'out', when: number, seconds: number): void {
    this.cancelFade();
    this.fading = direction;
    const points = Math.max(2, Math.min(1024, Math.ceil(seconds * 50)));
    this.fader.gain.setValueCurveAtTime(equalPowerCurve(direction, points), when, seconds);
  }

  /** Drops a fade scheduled or under way: the track plays at its own level again. */
  cancelFade(): void {
    this.fading = null;
    this.fader.gain.cancelScheduledValues(0);
    this.fader.gain.value = 1;
  }

  /** Drops a fade-out only: a track fading in after a crossfade keeps rising. */
  cancelFadeOut(): void {
    if (this.fading === 'out') this.cancelFade();
  }

  /** Its first scheduled sample is playing already (a start in the future is not). */
  isAudible(): boolean {
    return this.node !== null && this.startedAt <= this.context.currentTime;
  }

  // Pausing suspends the audio clock, which every voice on it shares: the next track stays
  // scheduled at the current one's last sample, and a seek while paused starts nothing audible.
  pause(): void {
    const wasPlaying = this.isPlaying();
    this.wantsPlaying = false;
    if (!this.node) return;
    this.clock.run(false);
    if (wasPlaying) this.events.onPause();
  }

  seek(seconds: number): void {
    const started = this.node !== null;
    this.stopNode();
    this.cancelFade();
    // Before the decode ends the length is unknown: the offset is kept and bounded at the start.
    this.offset = Math.max(0, this.buffer ? Math.min(seconds, this.duration()) : seconds);
    if (started) this.start(this.context.currentTime);
  }

  position(): number {
    if (!this.node) return this.offset;
    return Math.max(0, Math.min(this.offset + this.context.currentTime - this.startedAt, this.duration()));
  }

  duration(): number {
    return this.buffer?.duration ?? 0;
  }

  isPlaying(): boolean {
    return this.node !== null && this.wantsPlaying;
  }

  /** Started on the audio clock, even if that start is still ahead. */
  isStarted(): boolean {
    return this.node !== null;
  }

  /** When, on the audio clock, the playing track ends; null when it is not playing. */
  endTime(): number | null {
    return this.node && this.buffer ? this.startedAt + this.buffer.duration - this.offset : null;
  }

  setGain(gain: number): void {
    // A short glide rather than a step, which would click mid-waveform.
    this.gain.gain.setTargetAtTime(gain, this.context.currentTime, 0.01);
  }

  dispose(): void {
    this.disposed = true;
    this.stopNode();
    this.gain.disconnect();
    this.fader.disconnect();
    this.buffer = null;
  }

  private start(when: number): void {
    const node = this.context.createBufferSource();
    node.buffer = this.buffer;
    node.connect(this.gain);
    node.onended = () => {
      if (this.node !== node) return;
      this.node = null;
      this.offset = 0;
      this.wantsPlaying = false;
      this.events.onEnd();
    };
    this.offset = Math.min(this.offset, this.duration());
    node.start(when, this.offset);
    this.node = node;
    this.startedAt = Math.max(when, this.context.currentTime);
  }

  private stopNode(): void {
    const node = this.node;
    if (!node) return;
    this.node = null;
    node.onended = null;
    node.stop();
    node.disconnect();
  }
}
