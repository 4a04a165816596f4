/**
 * Real audio files generated at test time with ffmpeg (DESIGN.md: fixtures are not committed).
 * Each track is a ~20 s mono sine of its own frequency, so a test can tell them apart by ear or
 * by spectrum, and long enough for seeking. Tags include non-Latin text and an HTML payload,
 * because tags are hostile input that must travel through the app as plain text.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type FixtureFormat = 'wav' | 'flac' | 'mp3' | 'ogg-vorbis' | 'opus' | 'm4a';

export interface AudioFixture {
  format: FixtureFormat;
  /** Absolute path of the generated file. */
  path: string;
  /** Path relative to the fixtures folder, with '/' separators (as import issues report it). */
  relativePath: string;
  /** The MIME type the library serves the file with. */
  mime: string;
  title: string;
  artist: string;
  album: string;
  trackNumber: number;
  frequencyHz: number;
  durationMs: number;
  hasCover: boolean;
}

export interface BrokenFixture {
  path: string;
  relativePath: string;
  /** The import issue code the library must report for this file. */
  expectedCode: 'NOT_AUDIO' | 'CORRUPT';
  /** Why it must fail, for test messages. */
  why: string;
}

export interface AudioFixtures {
  dir: string;
  tracks: AudioFixture[];
  broken: BrokenFixture[];
  /** The PNG embedded as cover art (in the FLAC and the MP3: the library must store it once). */
  coverPng: string;
  /** The title carrying an HTML payload, which must be stored and shown verbatim. */
  htmlPayloadTitle: string;
}

export const FIXTURE_DURATION_SECONDS = 20;
export const HTML_PAYLOAD_TITLE = '<img src=x onerror="window.__pwned=1">Payload';

const SAMPLE_RATE = 22_050;

interface TrackPlan {
  format: FixtureFormat;
  relativePath: string;
  mime: string;
  codecArgs: string[];
  title: string;
  artist: string;
  album: string;
  trackNumber: number;
  frequencyHz: number;
  withCover: boolean;
}

const plans: TrackPlan[] = [
  {
    format: 'wav',
    relativePath: 'Plain Tone.wav',
    mime: 'audio/wav',
    codecArgs: ['-c:a', 'pcm_s16le'],
    title: 'Plain Tone',
    artist: 'Test Signals',
    album: 'Calibration',
    trackNumber: 1,
    frequencyHz: 220,
    withCover: false,
  },
  {
    format: 'flac',
    relativePath: 'Halo Tone.flac',
    mime: 'audio/flac',
    codecArgs: ['-c:a', 'flac'],
    title: 'Halo Tone',
    artist: 'Beyoncé',
    album: 'Sine Songs',
    trackNumber: 2,
    frequencyHz: 330,
    withCover: true,
  },
  {
    format: 'mp3',
    relativePath: 'Japanese/yoake.mp3',
    mime: 'audio/mpeg',
    codecArgs: ['-c:a', 'libmp3lame', '-b:a', '48k', '-id3v2_version', '3'],
    title: '夜明けの歌',
    artist: '山田太郎',
    album: '朝の音',
    trackNumber: 1,
    frequencyHz: 440,
    withCover: true,
  },
  {
    format: 'ogg-vorbis',
    relativePath: 'Russian/pesnya.ogg',
    mime: 'audio/ogg',
    codecArgs: ['-c:a', 'libvorbis', '-q:a', '0'],
    title: 'Песня',
    artist: 'Кино',
    album: 'Звезда',
    trackNumber: 3,
    frequencyHz: 550,
    withCover: false,
  },
  {
    format: 'opus',
    relativePath: 'payload.opus',
    mime: 'audio/ogg',
    codecArgs: ['-c:a', 'libopus', '-b:a', '24k'],
    title: HTML_PAYLOAD_TITLE,
    artist: 'Mallory',
    album: 'Hostile Tags',
    trackNumber: 4,
    frequencyHz: 660,
    withCover: false,
  },
  {
    format: 'm4a',
    relativePath: 'Sine Songs Disc/aac-tone.m4a',
    mime: 'audio/mp4',
    codecArgs: ['-c:a', 'aac', '-b:a', '48k'],
    title: 'Crazy Tone',
    artist: 'Beyoncé',
    album: 'Sine Songs',
    trackNumber: 5,
    frequencyHz: 770,
    withCover: false,
  },
];

/** Generates every fixture into `dir` (created when missing) and describes what it made. */
export async function makeAudioFixtures(dir: string): Promise<AudioFixtures> {
  await mkdir(dir, { recursive: true });
  const coverPng = join(dir, '.cover-source', 'cover.png');
  await mkdir(join(dir, '.cover-source'), { recursive: true });
  await runTool('ffmpeg', [
    ...quietFfmpeg,
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x64:rate=1',
    '-frames:v',
    '1',
    coverPng,
  ]);

  // Two at a time: the machines have two cores shared with other suites.
  const tracks: AudioFixture[] = [];
  for (let index = 0; index < plans.length; index += 2) {
    const pair = plans.slice(index, index + 2);
    tracks.push(...(await Promise.all(pair.map((plan) => makeTrack(dir, plan, coverPng)))));
  }

  const broken: BrokenFixture[] = [];
  const notAudio = join(dir, 'not-audio.mp3');
  await writeFile(notAudio, 'These are liner notes, not a song.\nThey only pretend to be an MP3 by name.\n');
  broken.push({
    path: notAudio,
    relativePath: 'not-audio.mp3',
    expectedCode: 'NOT_AUDIO',
    why: 'a text file named like an MP3',
  });

  const brokenFlac = join(dir, 'broken.flac');
  const flacSource = tracks.find((track) => track.format === 'flac');
  if (!flacSource) throw new Error('The FLAC fixture was not generated.');
  // Cut inside the metadata blocks: a real FLAC header followed by nothing a parser can finish.
  const flacBytes = await readFile(flacSource.path);
  await writeFile(brokenFlac, flacBytes.subarray(0, 300));
  broken.push({
    path: brokenFlac,
    relativePath: 'broken.flac',
    expectedCode: 'CORRUPT',
    why: 'a real FLAC cut to 300 bytes',
  });

  return { dir, tracks, broken, coverPng, htmlPayloadTitle: HTML_PAYLOAD_TITLE };
}

async function makeTrack(dir: string, plan: TrackPlan, coverPng: string): Promise<AudioFixture> {
  const path = join(dir, ...plan.relativePath.split('/'));
  await mkdir(join(path, '..'), { recursive: true });
  const tone = `sine=frequency=${plan.frequencyHz}:sample_rate=${SAMPLE_RATE}:duration=${FIXTURE_DURATION_SECONDS}`;
  const inputs = ['-f', 'lavfi', '-i', tone];
  const coverArgs = plan.withCover
    ? ['-i', coverPng, '-map', '0:a', '-map', '1:v', '-c:v', 'png', '-disposition:v', 'attached_pic']
    : ['-map', '0:a'];
  await runTool('ffmpeg', [
    ...quietFfmpeg,
    ...inputs,
    ...coverArgs,
    '-ac',
    '1',
    ...plan.codecArgs,
    '-metadata',
    `title=${plan.title}`,
    '-metadata',
    `artist=${plan.artist}`,
    '-metadata',
    `album=${plan.album}`,
    '-metadata',
    `track=${plan.trackNumber}`,
    path,
  ]);
  return {
    format: plan.format,
    path,
    relativePath: plan.relativePath,
    mime: plan.mime,
    title: plan.title,
    artist: plan.artist,
    album: plan.album,
    trackNumber: plan.trackNumber,
    frequencyHz: plan.frequencyHz,
    durationMs: FIXTURE_DURATION_SECONDS * 1000,
    hasCover: plan.withCover,
  };
}

const quietFfmpeg = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

/** Runs a tool with an argument array (never a shell) and rejects with its stderr on failure. */
export function runTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/**
 * A small real audio file for library tests: a one-second tone with a title tag, in the format the
 * file name's extension asks for.
 */
export async function writeTone(path: string, title: string, frequencyHz = 440): Promise<void> {
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${frequencyHz}:duration=1`],
    ...['-ac', '1', '-ar', '22050', '-metadata', `title=${title}`, path],
  ]);
}
