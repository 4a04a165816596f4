/**
 * Albums for measuring track changes: one continuous 440 Hz sine generated with sox as one file,
 * then split into three tracks, so any gap or jump at a boundary is the player's. FLAC and MP3
 * with LAME gapless info must join seamlessly; MP3 without that info keeps the encoder's delay
 * and padding as silence, a control the measurement must catch. Two more tracks carry
 * ReplayGain tags 6 dB apart, matching their real levels, so levelled playback sounds equal.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../testkit/audioFixtures';

export const TONE_HZ = 440;
export const PART_SECONDS = 4;
export const PART_COUNT = 3;
const SAMPLE_RATE = 44_100;

export interface GaplessAlbum {
  album: string;
  /** Track titles in album order. */
  titles: string[];
}

export interface GaplessFixtures {
  flac: GaplessAlbum;
  mp3: GaplessAlbum;
  /** The control: MP3 parts without the LAME header that tells a decoder what to trim. */
  mp3WithoutGaplessInfo: GaplessAlbum;
  /** Peak 0.5, tagged −6 dB. */
  loudTagged: string;
  /** Peak 0.25 (6 dB quieter), tagged 0 dB. */
  quietTagged: string;
}

const quiet = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

async function splitAlbum(dir: string, tone: string, album: string, extension: string, codec: string[]) {
  const titles: string[] = [];
  for (let part = 1; part <= PART_COUNT; part += 1) {
    const piece = join(dir, `${album}-${part}.wav`);
    await runTool('sox', [tone, piece, 'trim', String((part - 1) * PART_SECONDS), String(PART_SECONDS)]);
    const title = `${album} part ${part}`;
    await runTool('ffmpeg', [
      ...quiet,
      '-i',
      piece,
      ...codec,
      ...['-metadata', `title=${title}`, '-metadata', `album=${album}`, '-metadata', 'artist=Gapless Test'],
      ...['-metadata', `track=${part}`],
      join(dir, 'music', `${album} ${part}.${extension}`),
    ]);
    titles.push(title);
  }
  return { album, titles };
}

async function taggedTone(dir: string, title: string, volume: number, gainDb: string): Promise<string> {
  const wav = join(dir, `${title}.wav`);
  await runTool('sox', [
    '-n',
    '-r',
    String(SAMPLE_RATE),
    '-c',
    '1',
    wav,
    'synth',
    '8',
    'sine',
    '330',
    'vol',
    String(volume),
  ]);
  await runTool('ffmpeg', [
    ...quiet,
    '-i',
    wav,
    ...['-metadata', `title=${title}`, '-metadata', 'album=Levels', '-metadata', 'artist=Loudness Test'],
    ...['-metadata', `REPLAYGAIN_TRACK_GAIN=${gainDb}`, '-metadata', 'REPLAYGAIN_TRACK_PEAK=0.5'],
    join(dir, 'music', `${title}.flac`),
  ]);
  return title;
}

/** Generates the albums into `dir`/music (the folder to import) and says what it made. */
export async function makeGaplessFixtures(dir: string): Promise<GaplessFixtures> {
  await mkdir(join(dir, 'music'), { recursive: true });
  const tone = join(dir, 'tone.wav');
  const seconds = String(PART_SECONDS * PART_COUNT);
  await runTool('sox', [
    '-n',
    '-r',
    String(SAMPLE_RATE),
    '-c',
    '1',
    tone,
    'synth',
    seconds,
    'sine',
    String(TONE_HZ),
    'vol',
    '0.5',
  ]);
  const lame = ['-c:a', 'libmp3lame', '-b:a', '192k'];
  return {
    flac: await splitAlbum(dir, tone, 'Continuous FLAC', 'flac', ['-c:a', 'flac']),
    mp3: await splitAlbum(dir, tone, 'Continuous MP3', 'mp3', lame),
    mp3WithoutGaplessInfo: await splitAlbum(dir, tone, 'Plain MP3', 'mp3', [...lame, '-write_xing', '0']),
    loudTagged: await taggedTone(dir, 'Loud tagged', 0.5, '-6.00 dB'),
    quietTagged: await taggedTone(dir, 'Quiet tagged', 0.25, '0.00 dB'),
  };
}
