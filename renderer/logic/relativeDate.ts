const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 days ago", "yesterday", "just now": how long ago `at` was, in the listener's language. */
export function formatTimeAgo(at: number, now: number, locale?: string): string {
  const elapsed = Math.max(0, now - at);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, length] of units) {
    if (elapsed >= length) return format.format(-Math.floor(elapsed / length), unit);
  }
  return 'just now';
}

/** The whole date and time, for a tooltip or an accessible name. */
export function formatFullDate(at: number, locale?: string): string {
  return new Date(at).toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' });
}
