/**
 * When a play counts: once the listener heard half the track or four minutes of it, whichever
 * comes first, counted once per start of the track. Only time heard counts: seeking ahead does not.
 */

/** A play counts after this many seconds heard even when the track is longer than twice that. */
export const maxSecondsToCount = 240;
/**
 * A step forward counts as heard when it is no longer than the time that passed (plus this
 * slack): a busy page reports late but truthfully, while a seek jumps further than time went.
 */
const stepSlackSeconds = 0.75;

/** Seconds to hear before a play of a track this long counts (four minutes when unknown). */
export function secondsToCount(durationSeconds: number): number {
  if (!(durationSeconds > 0)) return maxSecondsToCount;
  return Math.min(durationSeconds / 2, maxSecondsToCount);
}

/** Follows one play of one track; `progress` says true the one time it counts. */
export class PlayCount {
  private heard = 0;
  private last: { position: number; atMs: number } | null = null;
  private counted = false;

  /** A new play begins (the track loaded, or repeated): nothing heard yet. */
  restart(): void {
    this.heard = 0;
    this.last = null;
    this.counted = false;
  }

  /**
   * The position moved (at `nowMs` on a monotonic clock); true when this play just reached the
   * point where it counts.
   */
  progress(positionSeconds: number, playing: boolean, durationSeconds: number, nowMs: number): boolean {
    const last = this.last;
    this.last = { position: positionSeconds, atMs: nowMs };
    const step = last === null ? 0 : positionSeconds - last.position;
    const elapsed = last === null ? 0 : (nowMs - last.atMs) / 1000;
    if (playing && step > 0 && step <= elapsed + stepSlackSeconds) this.heard += step;
    if (this.counted || this.heard < secondsToCount(durationSeconds)) return false;
    this.counted = true;
    return true;
  }
}
