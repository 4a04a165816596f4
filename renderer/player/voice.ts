/** One track as the audio engine plays it, whichever way its sound is made. */
export interface AudioSource {
  trackId: number;
  url: string;
  /** Howler's format name (from the mime), so it does not guess from the URL. */
  format: string | null;
  /** Linear gain for this track (ReplayGain), 1 for none. */
  gain: number;
  /** A library file small enough to decode whole, so it can start at an exact sample. */
  decodable: boolean;
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

/** What the engine asks of a playing track: a decoded buffer or a streaming media element. */
export interface Voice {
  readonly source: AudioSource;
  play(): void;
  pause(): void;
  seek(seconds: number): void;
  /** Seconds played. */
  position(): number;
  /** Length in seconds, 0 until it is known. */
  duration(): number;
  isPlaying(): boolean;
  /** Changes the track's linear gain while it plays (the listener changed the levelling). */
  setGain(gain: number): void;
  /** Stops it for good and lets its memory go. */
  dispose(): void;
}
