/**
 * Folder import with a warm cache: our full import (walk, sniff, tags, covers, SQLite) against
 * the raw ceiling of music-metadata's `parseFile` over the same files with the same options and
 * concurrency. Budget (DESIGN.md): ≥ 1,000 tracks/s and ≥ 0.7 × the ceiling.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { openLibraryDatabase } from '../core/library/database';
import { defaultImporterSettings, LibraryImporter } from '../core/library/libraryImporter';
import { parseOptionsFor } from '../core/library/tagReader';
import { TaskPool } from '../core/library/taskPool';
import { TrackRepo } from '../core/library/trackRepo';
import { printTable, seededRandom } from './support/benchReport';
import { makeTemplates, writeTaggedCopy } from './support/taggedAudioCopies';

const FILES = Number(process.env.BENCH_FILES ?? 2_000);
const ROUNDS = 3;
const words =
  'love night heart fire dance blue river golden summer rain city light dream Beyoncé Кино 夜明け'.split(' ');

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-import-bench-'));
  try {
    const music = join(workDir, 'music');
    const files = await generateLibrary(workDir, music);
    // Warm the OS cache so both sides measure parsing, not the disk.
    for (const file of files) await readFile(file);

    const concurrency = defaultImporterSettings.concurrency;
    const rawRates: number[] = [];
    const ourRates: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      rawRates.push(await rawParseRate(files, concurrency));
      ourRates.push(await importRate(workDir, music, concurrency, `round-${round}`));
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const raw = median(rawRates);
    const ours = median(ourRates);
    printTable(
      `Import, ${files.length} files (MP3 + FLAC, tags and covers), warm cache, concurrency ${concurrency}, median of ${ROUNDS}`,
      ['path', 'tracks/s', 'rounds'],
      [
        ['ours: importFolder into a fresh library', ours, ourRates.map((rate) => rate.toFixed(0)).join(' ')],
        ['ceiling: raw music-metadata parseFile', raw, rawRates.map((rate) => rate.toFixed(0)).join(' ')],
      ],
    );
    printTable(
      'Import verdict',
      ['measure', 'value', 'budget'],
      [
        ['ours tracks/s', ours, '>= 1000'],
        ['ours/ceiling', ours / raw, '>= 0.7'],
        ['within budget', ours >= 1000 && ours / raw >= 0.7 ? 'yes' : 'NO', ''],
      ],
    );

    const sweep: (string | number)[][] = [];
    for (const width of [1, 4, 8, 16, 32]) {
      sweep.push([
        width,
        await importRate(workDir, music, width, `sweep-${width}`),
        await rawParseRate(files, width),
      ]);
    }
    printTable('Concurrency sweep (one round each)', ['concurrency', 'ours tracks/s', 'raw tracks/s'], sweep);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function generateLibrary(workDir: string, music: string): Promise<string[]> {
  const started = performance.now();
  const templates = await makeTemplates(join(workDir, 'templates'), 3);
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const files: string[] = [];
  for (let index = 0; index < FILES; index += 1) {
    const albumIndex = Math.floor(index / 12);
    const folder = join(music, `Artist ${albumIndex % 40}`, `Album ${albumIndex}`);
    if (index % 12 === 0) await mkdir(folder, { recursive: true });
    const path = join(
      folder,
      `${String(index % 12).padStart(2, '0')} track.${index % 2 === 0 ? 'mp3' : 'flac'}`,
    );
    await writeTaggedCopy(path, templates, {
      title: `${pick(words)} ${pick(words)} ${index}`,
      artist: `${pick(words)} Artist ${albumIndex % 40}`,
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

async function rawParseRate(files: string[], concurrency: number): Promise<number> {
  const pool = new TaskPool(concurrency);
  const started = performance.now();
  for (const file of files) {
    await pool.run(async () => {
      await parseFile(file, parseOptionsFor(file.endsWith('.mp3') ? 'mp3' : 'flac'));
    });
  }
  await pool.drain();
  return files.length / ((performance.now() - started) / 1000);
}

async function importRate(
  workDir: string,
  music: string,
  concurrency: number,
  name: string,
): Promise<number> {
  const db = openLibraryDatabase(join(workDir, `${name}.sqlite`));
  try {
    const importer = new LibraryImporter(new TrackRepo(db), { ...defaultImporterSettings, concurrency });
    const started = performance.now();
    const summary = await importer.importFolder(music);
    const seconds = (performance.now() - started) / 1000;
    if (summary.issues.length > 0 || summary.added !== FILES) {
      throw new Error(
        `Import went wrong: ${JSON.stringify(summary.issues.slice(0, 3))}, added ${summary.added}`,
      );
    }
    return summary.added / seconds;
  } finally {
    db.close();
    for (const entry of await readdir(workDir)) {
      if (entry.startsWith(name)) await rm(join(workDir, entry), { force: true });
    }
  }
}

await main();
