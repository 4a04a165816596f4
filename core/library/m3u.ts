/**
 * M3U/M3U8 playlists as text: parsing a file from anywhere (hostile input: capped, CRLF, BOM,
 * web addresses skipped with a reason) and writing one, with paths relative to the playlist
 * file's folder where that is short (see `locationFor`). No file system here: the caller
 * resolves paths.
 */
import { isAbsolute, parse, posix, relative, resolve, sep, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors';

/** Larger than any real playlist (10,000 lines of long paths), small enough to parse at once. */
export const M3U_MAX_BYTES = 4 * 1024 * 1024;
export const M3U_MAX_ENTRIES = 10_000;
const maxLineLength = 8192;

export interface M3uEntry {
  /** 1-based line number in the file, for reports. */
  line: number;
  /** The location as written (a path, relative or absolute, or a `catalogue:` id). */
  location: string;
  /** From the `#EXTINF` line before it, when there was one. */
  title: string | null;
}

export interface M3uSkippedLine {
  line: number;
  location: string;
  reason: string;
}

export interface ParsedM3u {
  entries: M3uEntry[];
  skipped: M3uSkippedLine[];
}

export interface M3uTrack {
  /** The library path: a file's absolute path, or a catalogue track's `catalogue:` id. */
  path: string;
  artist: string;
  title: string;
  durationMs: number | null;
}

const webAddress = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Parses M3U or M3U8 text; throws PLAYLIST_FILE_REFUSED when it is too large to be a playlist. */
export function parseM3u(text: string): ParsedM3u {
  if (Buffer.byteLength(text, 'utf8') > M3U_MAX_BYTES) {
    throw new AppError(
      'PLAYLIST_FILE_REFUSED',
      `This playlist file is larger than ${M3U_MAX_BYTES / 1024 / 1024} MiB, so Busker did not read it. ` +
        'Choose an .m3u or .m3u8 playlist file.',
    );
  }
  if (text.includes('\u0000')) {
    throw new AppError(
      'PLAYLIST_FILE_REFUSED',
      'This file is not a playlist: it holds binary data. Choose an .m3u or .m3u8 playlist file.',
    );
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: M3uEntry[] = [];
  const skipped: M3uSkippedLine[] = [];
  let title: string | null = null;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      const info = /^#EXTINF:\s*-?\d+(?:\.\d+)?[^,]*,(.*)$/i.exec(trimmed);
      if (info) title = info[1]!.trim() || null;
      return;
    }
    const location = trimmed;
    const entryTitle = title;
    title = null;
    if (location.length > maxLineLength) {
      skipped.push({
        line,
        location: `${location.slice(0, 80)}…`,
        reason: 'The line is too long to be a path.',
      });
    } else if (webAddress.test(location) && !/^file:\/\//i.test(location)) {
      skipped.push({ line, location, reason: 'A web address: Busker plays files in its library only.' });
    } else if (entries.length >= M3U_MAX_ENTRIES) {
      skipped.push({
        line,
        location,
        reason: `Over ${M3U_MAX_ENTRIES.toLocaleString('en')} tracks: left out.`,
      });
    } else {
      entries.push({ line, location, title: entryTitle });
    }
  });
  return { entries, skipped };
}

/**
 * The library path an entry names: `file://` addresses and paths relative to `baseFolder` made
 * absolute (`..` resolved); catalogue ids as they are. Null for a relative path without a folder.
 */
export function resolveM3uLocation(location: string, baseFolder: string | null): string | null {
  if (location.startsWith('catalogue:')) return location;
  if (/^file:\/\//i.test(location)) {
    try {
      return fileURLToPath(location);
    } catch {
      return null;
    }
  }
  if (isAbsolute(location) || win32.isAbsolute(location)) return resolve(location);
  if (baseFolder === null) return null;
  // Playlists written on Windows separate with backslashes; on POSIX those are name characters.
  const native = sep === '/' ? location.replaceAll('\\', '/') : location;
  return resolve(baseFolder, native);
}

/** `#EXTM3U` text for these tracks; paths near `baseFolder` are written relative to it. */
export function writeM3u(tracks: readonly M3uTrack[], baseFolder: string | null): string {
  const lines = ['#EXTM3U'];
  for (const track of tracks) {
    const seconds = track.durationMs == null ? -1 : Math.round(track.durationMs / 1000);
    // A newline inside a tag would start a new entry: titles are kept on one line.
    const label = `${track.artist} - ${track.title}`.replace(/[\r\n]+/g, ' ');
    lines.push(`#EXTINF:${seconds},${label}`, locationFor(track.path, baseFolder));
  }
  return `${lines.join('\n')}\n`;
}

/** At most this many `../` steps up from the playlist's folder make a relative path. */
export const M3U_MAX_UP_STEPS = 2;

/**
 * The rule: relative when the file is under the playlist's folder, or at most
 * M3U_MAX_UP_STEPS folders up from it and the shared folder is not the root of the disk (so
 * `/music/lists/x.m3u8` names `/music/a/b.flac` as `../a/b.flac`, and `/home/x.flac`
 * absolutely). Moving the playlist with its music keeps it working; a file elsewhere is absolute.
 */
function locationFor(path: string, baseFolder: string | null): string {
  if (baseFolder === null || path.startsWith('catalogue:')) return path;
  const inside = relative(baseFolder, path);
  if (inside === '' || isAbsolute(inside)) return path;
  const parts = inside.split(sep);
  const upSteps = parts.findIndex((part) => part !== '..');
  if (upSteps < 0 || upSteps > M3U_MAX_UP_STEPS) return path;
  const shared = resolve(baseFolder, ...parts.slice(0, upSteps));
  if (shared === parse(shared).root) return path;
  const written = parts.join(posix.sep);
  // A line starting with `#` would read as a comment, and the reader trims each line.
  if (written.trim() !== written) return path;
  return written.startsWith('#') ? `./${written}` : written;
}
