/**
 * Small real audio files for library tests, made with ffmpeg at test time: a one-second tone
 * with a title tag, in the format the file name's extension asks for.
 */
import { runTool } from '../../../testkit/audioFixtures';

export async function writeTone(path: string, title: string, frequencyHz = 440): Promise<void> {
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${frequencyHz}:duration=1`],
    ...['-ac', '1', '-ar', '22050', '-metadata', `title=${title}`, path],
  ]);
}
