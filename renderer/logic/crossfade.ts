/**
 * Crossfading between songs (issue 24): when the next song starts, how long the two overlap,
 * and the equal-power gain curves they overlap with. Pure arithmetic on the audio clock.
 */

export const CROSSFADE_LIMIT_SECONDS = 12;

/** A crossfade length the slider offers: whole seconds from 0 (off) to 12; 0 for non-numbers. */
export function clampCrossfade(seconds: number): number {
  if (!Number.isFinite(seconds)) return 0;
  return Math.max(0, Math.min(CROSSFADE_LIMIT_SECONDS, Math.round(seconds)));
}

/**
 * The crossfade between two consecutive songs: none within one album, where the songs were
 * mastered to run into each other (a live album, a continuous mix) and play gaplessly instead.
 */
export function crossfadeBetween(
  current: { albumId: number | null } | null,
  next: { albumId: number | null },
  seconds: number,
): number {
  if (!current || seconds <= 0) return 0;
  return current.albumId !== null && current.albumId === next.albumId ? 0 : seconds;
}

export interface CrossfadeTimes {
  /** Audio-clock time the current song's last sample plays. */
  currentEnd: number;
  currentDuration: number;
  nextDuration: number;
  /** The crossfade asked for, 0 for none. */
  seconds: number;
  /** The audio clock now. */
  now: number;
  /** The least time ahead a start can be scheduled and still be heard from its first sample. */
  minimumLead: number;
}

export interface CrossfadePlan {
  /** When the next song starts on the audio clock (its fade-in begins there). */
  startAt: number;
  /** How long both play, the current one fading out to its end: 0 is a gapless join. */
  overlap: number;
}

/**
 * When the next song starts. The overlap is at most half of either song, so a short song is
 * heard alone for a while; when the fade should already have begun (the setting changed late,
 * the listener sought near the end) it starts now, over what is left, and a join too close to
 * schedule is left to the end of the current song (null).
 */
export function planCrossfade(times: CrossfadeTimes): CrossfadePlan | null {
  const { currentEnd, now, minimumLead } = times;
  const remaining = currentEnd - now;
  if (remaining < minimumLead) return null;
  const wanted = Math.max(0, Math.min(times.seconds, times.currentDuration / 2, times.nextDuration / 2));
  if (wanted === 0) return { startAt: currentEnd, overlap: 0 };
  const startAt = Math.max(currentEnd - wanted, now + minimumLead);
  // What is left is too short to fade over: join the songs gaplessly instead.
  if (currentEnd - startAt < minimumLead) return { startAt: currentEnd, overlap: 0 };
  return { startAt, overlap: currentEnd - startAt };
}

/**
 * Gains for an equal-power fade, `points` values from start to end: in, sin(t·π/2), rises from
 * 0 to 1; out, cos(t·π/2), falls from 1 to 0. Their squares sum to 1 at every point, so two
 * uncorrelated songs keep their combined loudness through the overlap.
 */
export function equalPowerCurve(direction: 'in' | 'out', points: number): Float32Array {
  const curve = new Float32Array(Math.max(2, points));
  for (let index = 0; index < curve.length; index += 1) {
    const t = index / (curve.length - 1);
    curve[index] = direction === 'in' ? Math.sin((t * Math.PI) / 2) : Math.cos((t * Math.PI) / 2);
  }
  return curve;
}
