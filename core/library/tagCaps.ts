/**
 * Cheap checks of a file's tag area before anything parses it, from the sizes and counts its
 * format states up front: a file over a cap is refused with what is wrong, in words, so a tag
 * bomb (millions of comments, a tag of hundreds of megabytes) costs a few small reads.
 *
 * The caps. Tag bytes: 16 MiB, the most a single FLAC metadata block can hold, and eight times
 * the largest cover Busker keeps (coverStore.ts), so lyrics and a cover never come near it; the
 * parser holds a whole tag in memory, so this bounds what one file costs. Entries: 10,000
 * (Vorbis comments as stated; ID3v2 frames and MP4 items by walking their headers), where a real
 * file has tens. What the checks cannot see (an unsynchronised ID3v2 tag, an APE tag, a parser's
 * own slow paths) is bounded by the parse's time and memory limits (tagThreads.ts).
 *
 * A file over a cap is refused, not imported under its file name: its tags cannot be trusted to
 * say what it is, and the listener is told which file and why.
 */
import type { PositionalReader } from './fileHandleTokenizer';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AudioKind } from './audioSniffer';
import { TrackReadError } from './tagReader';

export const MAX_TAG_BYTES = 16 * 1024 * 1024;
export const MAX_TAG_ENTRIES = 10_000;
/** FLAC allows 127 block types; a real file has under ten blocks, often a few pictures. */
const MAX_FLAC_BLOCKS = 1_000;
/** Top-level MP4 boxes worth walking before the tags must have been found. */
const MAX_MP4_BOXES = 1_000;

type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

/**
 * Headers walked between turns of the event loop: a walk served from the cached window never
 * waits, so without a turn 10,000 headers would hold up the app's requests for their whole walk.
 */
const HEADERS_PER_TURN = 500;

/** The bytes of the file a walk over many small headers reads from, cached in windows. */
const WINDOW_BYTES = 64 * 1024;

/**
 * Reads at a position: from the head the sniffer read, else from a window of the file read at
 * once, so walking thousands of small headers costs a few reads. A read past the end is short.
 */
function windowedReader(handle: PositionalReader, size: number, head: Uint8Array): ReadAt {
  let window = new Uint8Array(0);
  let windowStart = 0;
  return async (position, length) => {
    if (position + length <= head.length) return head.subarray(position, position + length);
    const end = Math.min(position + length, size);
    if (position < windowStart || end > windowStart + window.length) {
      const buffer = new Uint8Array(Math.max(0, Math.min(Math.max(length, WINDOW_BYTES), size - position)));
      const { bytesRead } =
        buffer.length === 0 ? { bytesRead: 0 } : await handle.read(buffer, 0, buffer.length, position);
      window = buffer.subarray(0, bytesRead);
      windowStart = position;
    }
    const from = position - windowStart;
    return window.subarray(from, Math.min(from + length, window.length));
  };
}

/** Throws a TrackReadError when the file's tag area is over a cap; reads only headers. */
export async function checkTagCaps(
  handle: PositionalReader,
  size: number,
  kind: AudioKind,
  head: Uint8Array,
): Promise<void> {
  const readAt = windowedReader(handle, size, head);
  switch (kind) {
    case 'flac':
      return checkFlac(readAt);
    case 'mp3':
    case 'aac':
      return checkId3(readAt, head);
    case 'mp4':
      return checkMp4(readAt, size);
    case 'ogg':
      return checkOgg(head);
    default:
      return;
  }
}

function tooLarge(what: string): TrackReadError {
  return new TrackReadError(
    'TAGS_TOO_LARGE',
    `This file's tags are too large to read safely: ${what}. ` +
      'Remove the extra tags with a tag editor, then import it again.',
  );
}

function tooManyBytes(total: number): TrackReadError {
  // Rounded up, so a tag a few bytes over the cap never reads as equal to it.
  const mib = Math.ceil((total / 1024 / 1024) * 10) / 10;
  return tooLarge(
    `they take ${mib.toFixed(1)} MiB, more than the ${MAX_TAG_BYTES / 1024 / 1024} MiB Busker reads`,
  );
}

function tooManyEntries(count: number | string): TrackReadError {
  const stated = typeof count === 'number' ? count.toLocaleString('en') : count;
  return tooLarge(
    `they hold ${stated} entries, and Busker reads at most ${MAX_TAG_ENTRIES.toLocaleString('en')}`,
  );
}

async function checkFlac(readAt: ReadAt): Promise<void> {
  let position = 4; // after "fLaC"
  let total = 0;
  for (let blocks = 0; blocks < MAX_FLAC_BLOCKS; blocks += 1) {
    const header = await readAt(position, 4);
    if (header.length < 4) return; // cut short: the parser says so in its own words
    const last = (header[0] as number) & 0x80;
    const type = (header[0] as number) & 0x7f;
    const length = ((header[1] as number) << 16) | ((header[2] as number) << 8) | (header[3] as number);
    position += 4;
    if (type === 4) {
      // Vorbis comment: vendor length (LE), vendor, comment count (LE). The count is checked
      // first: it says more about a bomb than its size.
      const vendor = await readAt(position, 4);
      if (vendor.length === 4) {
        const vendorLength = new DataView(vendor.buffer, vendor.byteOffset, 4).getUint32(0, true);
        const count = await readAt(position + 4 + vendorLength, 4);
        if (count.length === 4) {
          const comments = new DataView(count.buffer, count.byteOffset, 4).getUint32(0, true);
          if (comments > MAX_TAG_ENTRIES) throw tooManyEntries(comments);
        }
      }
    }
    // Padding is skipped by the parser, never read; every other block is held in memory.
    if (type !== 1) total += length;
    if (total > MAX_TAG_BYTES) throw tooManyBytes(total);
    position += length;
    if (last) return;
  }
  throw tooLarge(`they hold more than ${MAX_FLAC_BLOCKS} metadata blocks`);
}

async function checkId3(readAt: ReadAt, head: Uint8Array): Promise<void> {
  if (head.length < 10 || head[0] !== 0x49 || head[1] !== 0x44 || head[2] !== 0x33) return;
  const version = head[3]!;
  const flags = head[5]!;
  const size = syncsafe(head, 6);
  if (size > MAX_TAG_BYTES) throw tooManyBytes(size);
  // Frames are counted where their headers can be trusted: not in an unsynchronised tag.
  if (flags & 0x80 || version < 2 || version > 4) return;
  const end = 10 + size;
  let position = 10;
  if (flags & 0x40 && version > 2) {
    const extended = await readAt(position, 4);
    if (extended.length < 4) return;
    position +=
      version === 4
        ? syncsafe(extended, 0)
        : 4 + new DataView(extended.buffer, extended.byteOffset).getUint32(0);
  }
  const headerLength = version === 2 ? 6 : 10;
  let frames = 0;
  while (position + headerLength <= end) {
    const header = await readAt(position, headerLength);
    if (header.length < headerLength || header[0] === 0) return; // padding, or the end
    const frameSize =
      version === 2
        ? (header[3]! << 16) | (header[4]! << 8) | header[5]!
        : version === 4
          ? syncsafe(header, 4)
          : new DataView(header.buffer, header.byteOffset).getUint32(4);
    frames += 1;
    if (frames % HEADERS_PER_TURN === 0) await nextTurn();
    if (frames > MAX_TAG_ENTRIES) throw tooManyEntries(`more than ${MAX_TAG_ENTRIES.toLocaleString('en')}`);
    position += headerLength + frameSize;
  }
}

/** A syncsafe integer: seven bits per byte. */
function syncsafe(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! & 0x7f) << 21) |
    ((bytes[at + 1]! & 0x7f) << 14) |
    ((bytes[at + 2]! & 0x7f) << 7) |
    (bytes[at + 3]! & 0x7f)
  );
}

async function checkMp4(readAt: ReadAt, size: number): Promise<void> {
  let position = 0;
  for (let boxes = 0; boxes < MAX_MP4_BOXES && position + 8 <= size; boxes += 1) {
    const box = await boxAt(readAt, position, size);
    if (!box) return;
    if (box.type === 'moov') return checkMoov(readAt, box.start + box.headerLength, box.start + box.size);
    position = box.start + box.size;
  }
}

/** Inside `moov`: the tags live in `udta` (and `meta` beside it); `trak` boxes hold only audio. */
async function checkMoov(readAt: ReadAt, start: number, end: number): Promise<void> {
  let position = start;
  let tagBytes = 0;
  for (let boxes = 0; boxes < MAX_MP4_BOXES && position + 8 <= end; boxes += 1) {
    const box = await boxAt(readAt, position, end);
    if (!box) return;
    if (box.type === 'udta' || box.type === 'meta') {
      tagBytes += box.size;
      if (tagBytes > MAX_TAG_BYTES) throw tooManyBytes(tagBytes);
      await countItems(readAt, box, 0);
    }
    position = box.start + box.size;
  }
}

type Box = NonNullable<Awaited<ReturnType<typeof boxAt>>>;

/** Counts the items of `ilst` under `udta`/`meta`; over the cap is refused. */
async function countItems(readAt: ReadAt, container: Box, depth: number): Promise<void> {
  if (depth > 3) return;
  let position = container.start + container.headerLength;
  const end = container.start + container.size;
  if (container.type === 'meta') {
    // iTunes writes `meta` as a full box (4 bytes of version and flags before its children).
    const probe = await readAt(position + 4, 4);
    if (String.fromCharCode(...probe) !== 'hdlr') position += 4;
  }
  let count = 0;
  while (position + 8 <= end) {
    const box = await boxAt(readAt, position, end);
    if (!box) return;
    count += 1;
    if (count % HEADERS_PER_TURN === 0) await nextTurn();
    if (count > MAX_TAG_ENTRIES) {
      if (container.type === 'ilst')
        throw tooManyEntries(`more than ${MAX_TAG_ENTRIES.toLocaleString('en')}`);
      return; // something else in bulk: the parse's own limits bound it
    }
    if (box.type === 'meta' || box.type === 'ilst') {
      await countItems(readAt, box, depth + 1);
    }
    position = box.start + box.size;
  }
}

async function boxAt(
  readAt: ReadAt,
  start: number,
  end: number,
): Promise<{ start: number; size: number; headerLength: number; type: string } | null> {
  const header = await readAt(start, 16);
  if (header.length < 8) return null;
  const view = new DataView(header.buffer, header.byteOffset, header.length);
  const type = String.fromCharCode(header[4]!, header[5]!, header[6]!, header[7]!);
  let size = view.getUint32(0);
  let headerLength = 8;
  if (size === 1) {
    if (header.length < 16) return null;
    size = Number(view.getBigUint64(8));
    headerLength = 16;
  } else if (size === 0) {
    size = end - start; // to the end
  }
  if (size < headerLength) return null; // a lying size: the parser reports the damage
  return { start, size: Math.min(size, end - start), headerLength, type };
}

function checkOgg(head: Uint8Array): void {
  // The comment header is the second packet: it begins on the second page, within the head.
  const first = oggPage(head, 0);
  if (!first) return;
  const second = oggPage(head, first.end);
  if (!second) return;
  const packet = head.subarray(second.bodyStart);
  const view = new DataView(packet.buffer, packet.byteOffset, packet.length);
  let position: number;
  if (startsWith(packet, [0x03, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]))
    position = 7; // \x03vorbis
  else if (
    startsWith(
      packet,
      [...'OpusTags'].map((c) => c.charCodeAt(0)),
    )
  )
    position = 8;
  else return;
  if (packet.length < position + 4) return;
  const vendorLength = view.getUint32(position, true);
  position += 4 + vendorLength;
  if (packet.length < position + 4) return;
  const comments = view.getUint32(position, true);
  if (comments > MAX_TAG_ENTRIES) throw tooManyEntries(comments);
}

function oggPage(bytes: Uint8Array, start: number): { bodyStart: number; end: number } | null {
  if (!startsWith(bytes.subarray(start), [0x4f, 0x67, 0x67, 0x53]) || bytes.length < start + 27) return null;
  const segments = bytes[start + 26]!;
  const bodyStart = start + 27 + segments;
  if (bytes.length < bodyStart) return null;
  let bodyLength = 0;
  for (let index = 0; index < segments; index += 1) bodyLength += bytes[start + 27 + index]!;
  return { bodyStart, end: bodyStart + bodyLength };
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}
