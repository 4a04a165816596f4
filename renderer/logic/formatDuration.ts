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

/** An album's total length in words: "42 min", "1 h 5 min", "35 s"; empty when unknown. */
export function formatTotalLength(durationMs: number | null): string {
  if (durationMs == null || !Number.isFinite(durationMs) || durationMs < 0) return '';
  const seconds = Math.round(durationMs / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}
