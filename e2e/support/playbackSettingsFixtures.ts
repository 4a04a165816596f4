/**
 * Tones for the playback settings: a long quiet track tagged with ReplayGain whose peak leaves
 * room for a +6 dB pre-amp without clipping, and two tones of different pitch on different
 * albums, so a crossfade between them can be heard as both pitches at once.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../testkit/audioFixtures';

const SAMPLE_RATE = 44_100;
const quiet = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

export interface ToneSpec {
  title: string;
  album: string;
  hz: number;
  seconds: number;
  /** Peak amplitude of the sine (1 = full scale). */
  amplitude: number;
  /** ReplayGain tags written into the file, if any. */
  replayGain?: { gain: string; peak: string };
}

/** The levelled tone: peak 0.25 tagged 0 dB, so gain is limited only above +12 dB. */
export const levelTone: ToneSpec = {
  title: 'Level probe',
  album: 'Levels',
  hz: 330,
  seconds: 40,
  amplitude: 0.25,
  replayGain: { gain: '0.00 dB', peak: '0.250000' },
};
export const firstFadeTone: ToneSpec = {
  title: 'Fade out A',
  album: 'Side A',
  hz: 440,
  seconds: 10,
  amplitude: 0.4,
};
export const secondFadeTone: ToneSpec = {
  title: 'Fade in B',
  album: 'Side B',
  hz: 660,
  seconds: 10,
  amplitude: 0.4,
};

async function writeTone(dir: string, tone: ToneSpec): Promise<void> {
  const wav = join(dir, `${tone.title}.wav`);
  const synth = ['synth', String(tone.seconds), 'sine', String(tone.hz), 'vol', String(tone.amplitude)];
  await runTool('sox', ['-n', '-r', String(SAMPLE_RATE), '-c', '1', wav, ...synth]);
  const tags = ['-metadata', `title=${tone.title}`, '-metadata', `album=${tone.album}`];
  const gain = tone.replayGain ? ['-metadata', `REPLAYGAIN_TRACK_GAIN=${tone.replayGain.gain}`] : [];
  const peak = tone.replayGain ? ['-metadata', `REPLAYGAIN_TRACK_PEAK=${tone.replayGain.peak}`] : [];
  await runTool('ffmpeg', [
    ...quiet,
    '-i',
    wav,
    ...tags,
    ...['-metadata', 'artist=Settings Test'],
    ...gain,
    ...peak,
    join(dir, 'music', `${tone.title}.flac`),
  ]);
}

/** Generates the tones into `dir`/music, the folder to import. */
export async function makePlaybackSettingsFixtures(dir: string): Promise<void> {
  await mkdir(join(dir, 'music'), { recursive: true });
  for (const tone of [levelTone, firstFadeTone, secondFadeTone]) await writeTone(dir, tone);
}
