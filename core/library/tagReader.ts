/**
 * Reads tags, duration and cover from an audio file with music-metadata, and turns whatever
 * it finds (or fails with) into clean values or an issue in the user's words.
 */
import { basename, extname } from 'node:path';
import { parseFromTokenizer, selectCover } from 'music-metadata';
import type { IAudioMetadata, IOptions } from 'music-metadata';
import type { ImportIssueCode, ReplayGainTags } from '../api/appApi';
import { prepareCover } from './coverStore';
import { replayGainFromTags } from './replayGainTags';
import { FileHandleTokenizer } from './fileHandleTokenizer';
import type { PositionalReader } from './fileHandleTokenizer';
import type { CoverCandidate } from './coverStore';
import type { AudioKind, SniffResult } from './audioSniffer';
import { cleanTagNumber, cleanTagText } from './tagText';

export const UNKNOWN_ARTIST = 'Unknown Artist';
export const UNKNOWN_ALBUM = 'Unknown Album';

export interface TrackTags {
  title: string;
  artist: string;
  albumArtist: string;
  album: string;
  trackNumber: number | null;
  discNumber: number | null;
  year: number | null;
  durationMs: number | null;
  cover: CoverCandidate | null;
  /** Absent or null: the file carries no ReplayGain tags. */
  replayGain?: ReplayGainTags | null;
}

/** A file that could not be read, with the code and sentence the import summary shows. */
export class TrackReadError extends Error {
  constructor(
    readonly code: ImportIssueCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TrackReadError';
  }
}

// Below ~2 kbit/s no codec carries audio: a file that small for its stated length is cut short.
const MIN_BYTES_PER_SECOND = 256;

/** Options shared with the import benchmark's raw ceiling, so both measure the same parse. */
export function parseOptionsFor(kind: AudioKind): IOptions {
  // Ogg only knows its length from its last page; every other format states it in a header.
  return { duration: kind === 'ogg' };
}

/**
 * Parses an already open file (the one the sniffer just read: one open per file) with the
 * parser its bytes call for; music-metadata's own `parseFile` would pick by file extension.
 */
export async function readTrackTags(
  handle: PositionalReader,
  path: string,
  size: number,
  sniffed: Extract<SniffResult, { audio: true }>,
  head: Uint8Array,
): Promise<TrackTags> {
  let metadata: IAudioMetadata;
  try {
    // The MIME type from the sniffed bytes picks the parser, never the file name.
    const tokenizer = new FileHandleTokenizer(handle, { size, mimeType: sniffed.mime }, head);
    metadata = await parseFromTokenizer(tokenizer, parseOptionsFor(sniffed.kind));
  } catch (error) {
    throw toReadError(error);
  }
  return tagsFrom(metadata, path, size);
}

function tagsFrom(metadata: IAudioMetadata, path: string, size: number): TrackTags {
  const { common, format } = metadata;
  const seconds = format.duration;
  if (!format.container && !format.codec) {
    throw new TrackReadError('CORRUPT', 'This file is damaged: Busker found no sound in it.');
  }
  if (seconds !== undefined && seconds > 1 && size / seconds < MIN_BYTES_PER_SECOND) {
    throw new TrackReadError(
      'CORRUPT',
      `This file is incomplete: it should hold ${Math.round(seconds)} seconds of sound but has only ${size} bytes. ` +
        'Copy it again from where it came from.',
    );
  }
  const artist = cleanTagText(common.artist) ?? cleanTagText(common.artists?.[0]) ?? UNKNOWN_ARTIST;
  const picture = selectCover(common.picture);
  return {
    title: cleanTagText(common.title) ?? titleFromFileName(path),
    artist,
    albumArtist: cleanTagText(common.albumartist) ?? artist,
    album: cleanTagText(common.album) ?? UNKNOWN_ALBUM,
    trackNumber: cleanTagNumber(common.track.no, 9999),
    discNumber: cleanTagNumber(common.disk.no, 999),
    year: cleanTagNumber(common.year, 9999),
    durationMs:
      seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null,
    cover: picture ? prepareCover(picture.data) : null,
    replayGain: replayGainFromTags(common),
  };
}

function titleFromFileName(path: string): string {
  const name = basename(path, extname(path));
  return cleanTagText(name.replace(/_/g, ' ')) ?? cleanTagText(basename(path)) ?? 'Untitled';
}

/** Turns a file-system or parser failure into what happened, for the user. */
export function toReadError(error: unknown): TrackReadError {
  if (error instanceof TrackReadError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new TrackReadError(
        'UNREADABLE',
        'Busker is not allowed to read this file. Check its permissions.',
      );
    case 'ENOENT':
      return new TrackReadError('UNREADABLE', 'This file disappeared while it was being imported.');
    case 'EISDIR':
      return new TrackReadError('UNREADABLE', 'This is a folder, not a file.');
    case 'EIO':
      return new TrackReadError('UNREADABLE', 'The disk could not read this file. The drive may be failing.');
    default:
      break;
  }
  const name = (error as Error | null)?.name ?? '';
  if (name === 'EndOfStreamError') {
    return new TrackReadError('CORRUPT', 'This file is incomplete: it ends before its audio does.');
  }
  return new TrackReadError('CORRUPT', 'This file is damaged: Busker could not read its audio details.');
}
