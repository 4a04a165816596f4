/**
 * Folder import with a warm cache: our full import (walk, sniff, tags, covers, SQLite) against
 * the raw ceiling of music-metadata's `parseFile` over the same files with the same options and
 * concurrency. Budget (DESIGN.md): ≥ 1,000 tracks/s and ≥ 0.7 × the ceiling.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { openLibraryDatabase } from '../core/library/database';
import { defaultImporterSettings, LibraryImporter } from '../core/library/libraryImporter';
import { parseOptionsFor } from '../core/library/tagReader';
import { TaskPool } from '../core/library/taskPool';
import { TrackRepo } from '../core/library/trackRepo';
import { printTable } from './support/benchReport';
import { generateTaggedLibrary } from './support/taggedLibrary';

const FILES = Number(process.env.BENCH_FILES ?? 2_000);
const ROUNDS = 3;

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-import-bench-'));
  try {
    const music = join(workDir, 'music');
    const files = await generateTaggedLibrary(workDir, music, FILES);
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
