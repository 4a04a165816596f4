/**
 * Hostile audio files for tests, built byte by byte around real audio: each keeps a good file's
 * stream and swaps in a tag area made to exhaust a parser (millions of tiny entries). The
 * sizes are parameters, so the same builders make a bomb over Busker's caps and one just under
 * them, which only the parse's own time and memory bounds can stop.
 */

const MIB = 1024 * 1024;

function u32be(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** A Vorbis comment body of `bytes` bytes made of `A=x` entries (7 bytes each). */
function vorbisCommentBomb(bytes: number): Buffer {
  const vendor = Buffer.from('bomb');
  const count = Math.floor((bytes - 8 - vendor.length) / 7);
  const body = Buffer.alloc(8 + vendor.length + count * 7);
  let at = 0;
  at = body.writeUInt32LE(vendor.length, at);
  at += vendor.copy(body, at);
  at = body.writeUInt32LE(count, at);
  for (let index = 0; index < count; index += 1) {
    at = body.writeUInt32LE(3, at);
    at += body.write('A=x', at, 'latin1');
  }
  return body;
}

/**
 * A FLAC whose last metadata block is a Vorbis comment of `bytes` (at most 16 MiB − 1, FLAC's
 * own limit): STREAMINFO and the audio frames come from `good`.
 */
export function flacCommentBomb(good: Buffer, bytes = 16 * MIB - 1): Buffer {
  if (good.toString('latin1', 0, 4) !== 'fLaC') throw new Error('not a FLAC file');
  let at = 4;
  let streamInfo: Buffer | null = null;
  for (;;) {
    const last = (good[at] as number) & 0x80;
    const type = (good[at] as number) & 0x7f;
    const length = good.readUIntBE(at + 1, 3);
    if (type === 0) streamInfo = good.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    if (last) break;
  }
  if (!streamInfo) throw new Error('no STREAMINFO');
  const comment = vorbisCommentBomb(Math.min(bytes, 16 * MIB - 1));
  const commentHeader = Buffer.from([0x80 | 4, 0, 0, 0]);
  commentHeader.writeUIntBE(comment.length, 1, 3);
  const infoHeader = Buffer.from([0, 0, 0, 0]);
  infoHeader.writeUIntBE(streamInfo.length, 1, 3);
  return Buffer.concat([
    Buffer.from('fLaC'),
    infoHeader,
    streamInfo,
    commentHeader,
    comment,
    good.subarray(at),
  ]);
}

function syncsafe(value: number): Buffer {
  return Buffer.from([(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f]);
}

/** Strips a leading ID3v2 tag, leaving the MPEG frames. */
function withoutId3(mp3: Buffer): Buffer {
  if (mp3.toString('latin1', 0, 3) !== 'ID3') return mp3;
  const size =
    ((mp3[6]! & 0x7f) << 21) | ((mp3[7]! & 0x7f) << 14) | ((mp3[8]! & 0x7f) << 7) | (mp3[9]! & 0x7f);
  return mp3.subarray(10 + size);
}

/** An MP3 whose ID3v2.3 tag is `bytes` of tiny TXXX frames (14 bytes each) before `good`'s audio. */
export function id3FrameBomb(good: Buffer, bytes = 16 * MIB): Buffer {
  const frame = Buffer.concat([
    Buffer.from('TXXX'),
    u32be(4),
    Buffer.from([0, 0]),
    Buffer.from([0, 0x41, 0, 0x78]),
  ]);
  const count = Math.floor(bytes / frame.length);
  const frames = Buffer.alloc(count * frame.length);
  for (let index = 0; index < count; index += 1) frame.copy(frames, index * frame.length);
  const header = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0]), syncsafe(frames.length)]);
  return Buffer.concat([header, frames, withoutId3(good)]);
}

function box(type: string, ...children: Buffer[]): Buffer {
  const body = Buffer.concat(children);
  return Buffer.concat([u32be(8 + body.length), Buffer.from(type, 'latin1'), body]);
}

/**
 * An M4A whose `moov` ends with a `udta/meta/ilst` of `bytes` of tiny items. `good` must keep
 * its `moov` last (ffmpeg's default), so the audio offsets stay true.
 */
export function mp4ItemBomb(good: Buffer, bytes = 16 * MIB): Buffer {
  let at = 0;
  let moovAt = -1;
  while (at + 8 <= good.length) {
    const size = good.readUInt32BE(at);
    if (good.toString('latin1', at + 4, at + 8) === 'moov') moovAt = at;
    if (size < 8) break;
    at += size;
  }
  if (moovAt < 0 || moovAt + good.readUInt32BE(moovAt) !== good.length) throw new Error('moov is not last');
  const item = box('\u00a9cmt', box('data', u32be(1), u32be(0), Buffer.from('x')));
  const count = Math.floor(bytes / item.length);
  const items = Buffer.alloc(count * item.length);
  for (let index = 0; index < count; index += 1) item.copy(items, index * item.length);
  const hdlr = box('hdlr', Buffer.alloc(8), Buffer.from('mdirappl'), Buffer.alloc(9));
  const udta = box('udta', box('meta', Buffer.alloc(4), hdlr, box('ilst', items)));
  const moov = good.subarray(moovAt);
  const grown = Buffer.concat([u32be(moov.length + udta.length), moov.subarray(4), udta]);
  return Buffer.concat([good.subarray(0, moovAt), grown]);
}

/**
 * An Ogg Vorbis file whose comment header claims `count` comments; the pages are not rebuilt,
 * so only the stated count changes (what a cap reads) and the parse finds it false.
 */
export function oggCommentCountLie(good: Buffer, count = 0xffffffff): Buffer {
  const copy = Buffer.from(good);
  const marker = copy.indexOf(Buffer.from([3, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]));
  if (marker < 0) throw new Error('no Vorbis comment header');
  const vendorLength = copy.readUInt32LE(marker + 7);
  copy.writeUInt32LE(count, marker + 11 + vendorLength);
  return copy;
}
