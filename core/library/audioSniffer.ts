/**
 * Decides whether a file is audio from its first bytes, never its name, and names what a
 * non-audio file looks like so the user can be told ("it starts like plain text").
 */
import type { PositionalReader } from './fileHandleTokenizer';

export const SNIFF_BYTES = 64;
/** How much of the file's start to read at once: most tag headers fit, so parsing reuses it. */
export const HEAD_BYTES = 64 * 1024;

export type AudioKind =
  'mp3' | 'aac' | 'flac' | 'ogg' | 'wav' | 'aiff' | 'mp4' | 'webm' | 'asf' | 'wavpack' | 'ape';

export type SniffResult =
  { audio: true; kind: AudioKind; mime: string } | { audio: false; looksLike: string };

const mimeOf: Record<AudioKind, string> = {
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  aiff: 'audio/aiff',
  mp4: 'audio/mp4',
  webm: 'audio/webm',
  asf: 'audio/x-ms-wma',
  wavpack: 'audio/wavpack',
  ape: 'audio/ape',
};

/**
 * Reads the start of an open file, sniffs it, and hands back what it read for reuse: a view into
 * `into` when given (at least HEAD_BYTES long, reused by a caller reading one file at a time).
 */
export async function sniffFile(
  handle: PositionalReader,
  size: number,
  into?: Uint8Array,
): Promise<{ sniffed: SniffResult; head: Uint8Array }> {
  const length = Math.max(SNIFF_BYTES, Math.min(size, HEAD_BYTES));
  const buffer = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  const head = buffer.subarray(0, bytesRead);
  return { sniffed: sniffBytes(head.subarray(0, SNIFF_BYTES)), head };
}

export function sniffBytes(bytes: Uint8Array): SniffResult {
  const kind = audioKindOf(bytes);
  if (kind) return { audio: true, kind, mime: mimeOf[kind] };
  return { audio: false, looksLike: describeNonAudio(bytes) };
}

function audioKindOf(bytes: Uint8Array): AudioKind | null {
  if (startsWith(bytes, 'ID3')) return 'mp3'; // ID3v2 is used by MP3 (and rarely AAC; the parser copes)
  if (startsWith(bytes, 'fLaC')) return 'flac';
  if (startsWith(bytes, 'OggS')) return 'ogg';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WAVE', 8)) return 'wav';
  if (startsWith(bytes, 'RF64') && startsWith(bytes, 'WAVE', 8)) return 'wav';
  if (startsWith(bytes, 'FORM') && (startsWith(bytes, 'AIFF', 8) || startsWith(bytes, 'AIFC', 8)))
    return 'aiff';
  if (startsWith(bytes, 'ftyp', 4)) return 'mp4';
  if (startsWith(bytes, 'wvpk')) return 'wavpack';
  if (startsWith(bytes, 'MAC ')) return 'ape';
  if (matches(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  if (matches(bytes, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf';
  const first = bytes[0];
  const second = bytes[1];
  if (first === 0xff && second !== undefined && (second & 0xe0) === 0xe0) {
    const layer = (second >> 1) & 0x03;
    if (layer === 0) return (second & 0xf6) === 0xf0 ? 'aac' : null; // ADTS sync
    const bitrateIndex = (bytes[2] ?? 0xff) >> 4;
    return bitrateIndex !== 0x0f ? 'mp3' : null;
  }
  return null;
}

function describeNonAudio(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  if (startsWith(bytes, '%PDF')) return 'a PDF document';
  if (matches(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'a PNG image';
  if (matches(bytes, [0xff, 0xd8, 0xff])) return 'a JPEG image';
  if (startsWith(bytes, 'GIF8')) return 'a GIF image';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'a WebP image';
  if (startsWith(bytes, 'PK')) return 'a ZIP archive';
  if (matches(bytes, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(bytes, 'MZ')) return 'a program';
  if (matches(bytes, [0x1f, 0x8b])) return 'a compressed (gzip) file';
  if (looksLikeText(bytes)) {
    const head = new TextDecoder().decode(bytes).trimStart().toLowerCase();
    if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'a web page';
    return 'plain text';
  }
  return 'data in a format Busker does not know';
}

function looksLikeText(bytes: Uint8Array): boolean {
  // A cut multi-byte character at the very end is still text.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const replacements = (text.match(/\ufffd/g) ?? []).length;
  if (replacements > 1) return false;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return !/[\u0000-\u0008\u000e-\u001f]/.test(text);
}

function startsWith(bytes: Uint8Array, ascii: string, offset = 0): boolean {
  if (bytes.length < offset + ascii.length) return false;
  for (let index = 0; index < ascii.length; index += 1) {
    if (bytes[offset + index] !== ascii.charCodeAt(index)) return false;
  }
  return true;
}

function matches(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}
