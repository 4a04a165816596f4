/**
 * A folder of many distinct-tagged audio files laid out like a real library (artist/album/track),
 * half MP3 and half FLAC, each with an embedded cover: the corpus the import benchmarks share.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom } from './benchReport';
import { makeTemplates, writeTaggedCopy } from './taggedAudioCopies';

export const libraryWords =
  'love night heart fire dance blue river golden summer rain city light dream Beyoncé Кино 夜明け'.split(' ');

/** Writes `count` tagged files under `music` (templates go to `workDir`); returns their paths. */
export async function generateTaggedLibrary(
  workDir: string,
  music: string,
  count: number,
): Promise<string[]> {
  const started = performance.now();
  const templates = await makeTemplates(join(workDir, 'templates'), 3);
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const albumIndex = Math.floor(index / 12);
    const folder = join(music, `Artist ${albumIndex % 40}`, `Album ${albumIndex}`);
    if (index % 12 === 0) await mkdir(folder, { recursive: true });
    const path = join(
      folder,
      `${String(index % 12).padStart(2, '0')} track.${index % 2 === 0 ? 'mp3' : 'flac'}`,
    );
    await writeTaggedCopy(path, templates, {
      title: `${pick(libraryWords)} ${pick(libraryWords)} ${index}`,
      artist: `${pick(libraryWords)} Artist ${albumIndex % 40}`,
      album: `Album ${albumIndex}`,
      trackNumber: 1 + (index % 12),
      cover: templates.covers[albumIndex % templates.covers.length] as Buffer,
    });
    files.push(path);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`generated ${files.length} files in ${seconds.toFixed(1)} s`);
  return files;
}
