/** Sizes in bytes as people read them, and back from what they type in megabytes. */
import { minCacheLimitBytes } from '../../core/api/appMethods';

const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → `1.5 KB` (powers of 1024, one decimal from KB up). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  return `${value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

export type MegabyteInput = { ok: true; bytes: number } | { ok: false; message: string };

/** Reads a cache limit typed in megabytes (whole or decimal). */
export function parseMegabytes(input: string): MegabyteInput {
  const text = input.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) {
    return { ok: false, message: 'Write the limit as a number of megabytes, for example 2048.' };
  }
  const bytes = Math.round(Number(text) * 1024 * 1024);
  if (bytes < minCacheLimitBytes) {
    return { ok: false, message: `The limit must be at least ${toMegabytes(minCacheLimitBytes)} MB.` };
  }
  if (!Number.isSafeInteger(bytes)) return { ok: false, message: 'That limit is too large.' };
  return { ok: true, bytes };
}

/** Bytes → the megabytes shown in the field (whole numbers). */
export function toMegabytes(bytes: number): string {
  return String(Math.round(bytes / (1024 * 1024)));
}
