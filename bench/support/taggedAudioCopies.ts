/**
 * Makes thousands of real, distinct-tagged audio files fast: ffmpeg encodes one MP3 and one FLAC
 * template, then each copy gets its own tags and cover written here (an ID3v2.4 tag in front of
 * the MPEG frames; Vorbis comment and PICTURE blocks after FLAC's STREAMINFO). Spawning ffmpeg
 * per file would take minutes on two cores.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../testkit/audioFixtures';

export interface CopyTags {
  title: string;
  artist: string;
  album: string;
  trackNumber: number;
  cover: Uint8Array;
}

export interface AudioTemplates {
  /** MPEG frames with no tag in front. */
  mp3Frames: Buffer;
  /** FLAC STREAMINFO block body (34 bytes) and the audio frames after the metadata. */
  flacStreamInfo: Buffer;
  flacFrames: Buffer;
  covers: Buffer[];
}

const quiet = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

export async function makeTemplates(dir: string, seconds: number): Promise<AudioTemplates> {
  await mkdir(dir, { recursive: true });
  const tone = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=22050:duration=${seconds}`, '-ac', '1'];
  const mp3 = join(dir, 'template.mp3');
  const flac = join(dir, 'template.flac');
  await runTool('ffmpeg', [
    ...quiet,
    ...tone,
    '-c:a',
    'libmp3lame',
    '-b:a',
    '64k',
    '-id3v2_version',
    '0',
    mp3,
  ]);
  await runTool('ffmpeg', [...quiet, ...tone, '-map_metadata', '-1', '-c:a', 'flac', flac]);
  const covers: Buffer[] = [];
  for (const [index, source] of ['testsrc', 'rgbtestsrc', 'smptebars', 'mandelbrot'].entries()) {
    const cover = join(dir, `cover-${index}.png`);
    await runTool('ffmpeg', [
      ...quiet,
      '-f',
      'lavfi',
      '-i',
      `${source}=size=160x160`,
      '-frames:v',
      '1',
      cover,
    ]);
    covers.push(await readFile(cover));
  }
  const flacBytes = await readFile(flac);
  const { streamInfo, frames } = splitFlac(flacBytes);
  return { mp3Frames: await readFile(mp3), flacStreamInfo: streamInfo, flacFrames: frames, covers };
}

export async function writeTaggedCopy(
  path: string,
  templates: AudioTemplates,
  tags: CopyTags,
): Promise<void> {
  if (path.endsWith('.mp3')) await writeFile(path, Buffer.concat([id3v24(tags), templates.mp3Frames]));
  else
    await writeFile(path, Buffer.concat([flacHeader(templates.flacStreamInfo, tags), templates.flacFrames]));
}

function splitFlac(bytes: Buffer): { streamInfo: Buffer; frames: Buffer } {
  let offset = 4;
  let streamInfo: Buffer | null = null;
  for (;;) {
    const header = bytes.readUInt32BE(offset);
    const last = (header & 0x80000000) !== 0;
    const type = (header >>> 24) & 0x7f;
    const length = header & 0xffffff;
    if (type === 0) streamInfo = bytes.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    if (last) break;
  }
  if (!streamInfo) throw new Error('The FLAC template has no STREAMINFO.');
  return { streamInfo, frames: bytes.subarray(offset) };
}

function flacBlock(type: number, body: Buffer, last: boolean): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE((((last ? 0x80 : 0) | type) * 0x1000000 + body.length) >>> 0);
  return Buffer.concat([header, body]);
}

function flacHeader(streamInfo: Buffer, tags: CopyTags): Buffer {
  const comments = [
    `TITLE=${tags.title}`,
    `ARTIST=${tags.artist}`,
    `ALBUM=${tags.album}`,
    `TRACKNUMBER=${tags.trackNumber}`,
  ];
  const vendor = Buffer.from('busker-bench', 'utf8');
  const parts: Buffer[] = [uint32le(vendor.length), vendor, uint32le(comments.length)];
  for (const comment of comments) {
    const bytes = Buffer.from(comment, 'utf8');
    parts.push(uint32le(bytes.length), bytes);
  }
  const mime = Buffer.from('image/png', 'latin1');
  const picture = Buffer.concat([
    uint32be(3),
    uint32be(mime.length),
    mime,
    uint32be(0),
    uint32be(160),
    uint32be(160),
    uint32be(24),
    uint32be(0),
    uint32be(tags.cover.length),
    Buffer.from(tags.cover),
  ]);
  return Buffer.concat([
    Buffer.from('fLaC', 'latin1'),
    flacBlock(0, streamInfo, false),
    flacBlock(4, Buffer.concat(parts), false),
    flacBlock(6, picture, true),
  ]);
}

function id3v24(tags: CopyTags): Buffer {
  const text = (id: string, value: string) =>
    frame(id, Buffer.concat([Buffer.from([3]), Buffer.from(value, 'utf8')]));
  const apic = frame(
    'APIC',
    Buffer.concat([
      Buffer.from([3]),
      Buffer.from('image/png\0', 'latin1'),
      Buffer.from([3, 0]),
      Buffer.from(tags.cover),
    ]),
  );
  const body = Buffer.concat([
    text('TIT2', tags.title),
    text('TPE1', tags.artist),
    text('TALB', tags.album),
    text('TRCK', String(tags.trackNumber)),
    apic,
  ]);
  return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0]), syncsafe(body.length), body]);
}

function frame(id: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id, 'latin1'), syncsafe(body.length), Buffer.from([0, 0]), body]);
}

function syncsafe(value: number): Buffer {
  return Buffer.from([(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f]);
}

function uint32le(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function uint32be(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}
