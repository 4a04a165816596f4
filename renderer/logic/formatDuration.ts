/** Formats seconds as m:ss, or h:mm:ss from an hour up; unknown or negative lengths read as "–:––". */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds == null || !Number.isFinite(totalSeconds) || totalSeconds < 0) return '–:––';
  const whole = Math.floor(totalSeconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

/** Formats a track length given in milliseconds (as the library stores it). */
export function formatTrackLength(durationMs: number | null): string {
  return durationMs == null ? '–:––' : formatDuration(durationMs / 1000);
}
