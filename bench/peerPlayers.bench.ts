/**
 * Busker against the players it is measured by (issue #23), side by side in one run on one
 * corpus: MPD (`mpd` + `mpc`) and beets (`beet`), each used only when installed (a missing one is
 * skipped and named; nothing is installed). Busker imports in this process through the app's own
 * path (`openBackend(...).api.importFolder`, what `busker import` runs), its tag threads running
 * the built tagWorker.js as `busker import` does; `busker serve` is the built CLI (`npm run build`
 * first).
 *
 * At 2,000 files, and 20,000 too with BENCH_LARGE=1 (which also adds Busker's search at 100,000
 * tracks: MPD would need 100,000 files on disk): full import warm and cold, re-import unchanged
 * and with 1 % of the files touched, search p50/p99, start-up, idle RSS. Warm: every file read
 * once before. Cold: the page cache dropped first, which needs root; otherwise it says so.
 * BENCH_SIZES=500,2000 picks other sizes (BENCH_SIZES= with BENCH_LARGE=1: the 100,000 search
 * alone); BENCH_ROUNDS the warm rounds (median, default 3).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBackend } from '../core/app/openBackend';
import { defaultImporterSettings } from '../core/library/libraryImporter';
import { defaultTagThreadSettings, TagThreads } from '../core/library/tagThreads';
import { percentile, printTable } from './support/benchReport';
import { BeetsPeer } from './support/beetsPeer';
import { buskerSearch, startServe } from './support/buskerServe';
import type { Served } from './support/buskerServe';
import { MpdPeer } from './support/mpdPeer';
import { dropPageCache, loadAverage, toolPresent, treeRssMb } from './support/peerTools';
import { fillSearchLibrary } from './support/searchLibraryFill';
import { generateTaggedLibrary, libraryWords } from './support/taggedLibrary';

const LARGE = process.env.BENCH_LARGE === '1';
const SIZES = (process.env.BENCH_SIZES ?? (LARGE ? '2000,20000' : '2000'))
  .split(',')
  .filter(Boolean)
  .map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUERIES = 300;
const STARTS = 5;
const projectDir = resolve(import.meta.dirname, '..');
const cli = join(projectDir, 'dist/cli/busker.js');
// The tag threads run the script `busker import` runs, built beside the CLI. From source, each
// parse's import() of its format's parser went through tsx's loader hooks, a fifth of the thread.
const builtTagThreads = new TagThreads(
  defaultTagThreadSettings,
  pathToFileURL(join(projectDir, 'dist/cli/tagWorker.js')),
);

const hasMpd = toolPresent('mpd') && toolPresent('mpc', ['help']);
const hasBeets = toolPresent('beet', ['version']);

type Row = [measure: string, busker: number, mpd: number, beets: number, target?: string];

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const seconds = (ms: number) => ms / 1000;
const say = (text: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${text} (load ${loadAverage()})`);

async function buskerImport(
  dataDir: string,
  music: string,
): Promise<{ ms: number; added: number; unchanged: number }> {
  const backend = openBackend(
    { dataDir, host: 'headless' },
    { ...defaultImporterSettings, tagThreads: builtTagThreads },
  );
  try {
    const summary = await backend.api.importFolder(music);
    if (summary.issues.length > 0)
      throw new Error(`Busker's import had issues: ${JSON.stringify(summary.issues.slice(0, 3))}`);
    return { ms: summary.durationMs, added: summary.added + summary.updated, unchanged: summary.unchanged };
  } finally {
    backend.close();
  }
}

async function touchOnePercent(files: string[], round: number): Promise<number> {
  const when = new Date(Date.now() + (round + 1) * 60_000);
  let touched = 0;
  for (let index = round % 100; index < files.length; index += 100) {
    await utimes(files[index] as string, when, when);
    touched += 1;
  }
  return touched;
}

async function measureSize(workDir: string, count: number): Promise<void> {
  const music = join(workDir, `music-${count}`);
  const files = await generateTaggedLibrary(workDir, music, count);
  const mpd = hasMpd ? new MpdPeer(join(workDir, `mpd-${count}`), music) : null;
  const beets = hasBeets ? new BeetsPeer(join(workDir, `beets-${count}`), music) : null;
  await mkdir(join(workDir, `mpd-${count}`), { recursive: true });
  await mpd?.prepare();
  const rows: Row[] = [];
  const rate = (ms: number) => count / seconds(ms);
  try {
    for (const file of files) await readFile(file); // warm: every file in the page cache
    // Warm-up, not measured: loads Busker's tag reader and threads, and MPD's plugins.
    await buskerImport(join(workDir, `busker-${count}-warm-up`), music);
    await rm(join(workDir, `busker-${count}-warm-up`), { recursive: true, force: true });
    if (mpd) {
      await mpd.startEmpty();
      await mpd.update();
    }
    say(`full import, warm, ${count} files`);
    const full = { busker: [] as number[], mpd: [] as number[], beets: [] as number[] };
    let dataDir = '';
    for (let round = 0; round < ROUNDS; round += 1) {
      dataDir = join(workDir, `busker-${count}-${round}`);
      const result = await buskerImport(dataDir, music);
      if (result.added !== count) throw new Error(`Busker imported ${result.added} of ${count}`);
      full.busker.push(result.ms);
      if (mpd) {
        await mpd.stop();
        await mpd.startEmpty();
        full.mpd.push(await mpd.update());
      }
      // beets is ~20 times slower: one round at a large size.
      if (beets && (round === 0 || count <= 2_000)) full.beets.push(await beets.importFresh());
    }
    rows.push([
      `full import warm, tracks/s, higher is better (median of ${ROUNDS})`,
      rate(median(full.busker)),
      rate(median(full.mpd)),
      rate(median(full.beets)),
      'Busker/MPD >= 1.0 at 20k',
    ]);

    const reimport = { busker: [] as number[], mpd: [] as number[], beets: [] as number[] };
    const touched = { busker: [] as number[], mpd: [] as number[], beets: [] as number[] };
    say('re-import unchanged and with 1 % touched');
    for (let round = 0; round < ROUNDS; round += 1) {
      const again = await buskerImport(dataDir, music);
      if (again.unchanged !== count)
        throw new Error(`Busker's re-import found ${count - again.unchanged} changed`);
      reimport.busker.push(again.ms);
      if (mpd) reimport.mpd.push(await mpd.update());
      if (beets) reimport.beets.push(await beets.update());
      const changed = await touchOnePercent(files, round);
      const some = await buskerImport(dataDir, music);
      if (some.added !== changed)
        throw new Error(`Busker re-read ${some.added} files, ${changed} were touched`);
      touched.busker.push(some.ms);
      if (mpd) touched.mpd.push(await mpd.update());
      if (beets) touched.beets.push(await beets.update());
    }
    rows.push([
      `re-import unchanged, ms, lower is better (median of ${ROUNDS})`,
      median(reimport.busker),
      median(reimport.mpd),
      median(reimport.beets),
      'Busker/MPD <= 2',
    ]);
    rows.push([
      `re-import, 1 % touched, ms (median of ${ROUNDS})`,
      median(touched.busker),
      median(touched.mpd),
      median(touched.beets),
    ]);

    say('full import, cold');
    if (dropPageCache()) {
      const coldDir = join(workDir, `busker-${count}-cold`);
      const busker = (await buskerImport(coldDir, music)).ms;
      let mpdMs = Number.NaN;
      if (mpd) {
        await mpd.stop();
        await mpd.startEmpty();
        dropPageCache();
        mpdMs = await mpd.update();
      }
      let beetsMs = Number.NaN;
      if (beets) {
        dropPageCache();
        beetsMs = await beets.importFresh();
      }
      rows.push([
        'full import cold (page cache dropped), tracks/s',
        rate(busker),
        rate(mpdMs),
        rate(beetsMs),
      ]);
      await rm(coldDir, { recursive: true, force: true });
    } else {
      console.log('cold: not measurable here (dropping the page cache needs root and a writable /proc/sys)');
    }

    say('start-up, idle RSS and search');
    const starts = { busker: [] as number[], mpd: [] as number[] };
    for (let run = 0; run < STARTS; run += 1) {
      const serve = await startServe(cli, dataDir);
      starts.busker.push(serve.ms);
      await serve.stop();
      if (mpd) {
        await mpd.stop();
        starts.mpd.push(await mpd.start());
      }
    }
    rows.push([
      `start-up to answering, ms (median of ${STARTS}: serve's URL / mpc status)`,
      median(starts.busker),
      median(starts.mpd),
      Number.NaN,
    ]);

    const serve = await startServe(cli, dataDir);
    try {
      if (mpd) await mpd.update(); // the database loaded and checked, as after an import
      await new Promise((done) => setTimeout(done, 5_000)); // serve's market starts 2 s after its URL
      const search = await timeSearches(serve, mpd);
      rows.push([
        `search p50, ms (${QUERIES} queries)`,
        search.busker.p50,
        search.mpd.p50,
        Number.NaN,
        'Busker/MPD <= 0.2 at 20k',
      ]);
      rows.push([`search p99, ms`, search.busker.p99, search.mpd.p99, Number.NaN]);
      await new Promise((done) => setTimeout(done, 10_000)); // idle: the market started, nothing asked
      rows.push([
        'idle RSS after import and search, MB (serve / mpd)',
        treeRssMb(serve.pid),
        mpd?.rssMb() ?? Number.NaN,
        Number.NaN,
        'Busker/MPD <= 1.5 at 20k',
      ]);
    } finally {
      await serve.stop();
    }
  } finally {
    await mpd?.remove();
    await beets?.remove();
  }
  printRows(`${count} files (MP3 + FLAC, tags and covers)`, rows);
}

function printRows(title: string, rows: Row[]): void {
  const ratio = (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
  const cell = (value: number) => (Number.isFinite(value) ? value : '—');
  printTable(
    `${title}; load ${loadAverage()}`,
    [
      'measure',
      'Busker',
      hasMpd ? 'MPD' : 'MPD (absent)',
      hasBeets ? 'beets' : 'beets (absent)',
      'Busker/MPD',
      'Busker/beets',
      'target',
    ],
    rows.map(([measure, busker, mpd, beets, target]) => [
      measure,
      cell(busker),
      cell(mpd),
      cell(beets),
      cell(ratio(busker, mpd)),
      cell(ratio(busker, beets)),
      target ?? '',
    ]),
  );
}

const queryWords = [...libraryWords, 'gold', 'riv', 'Album 1', 'Artist 7', 'nothing here'];

/** Interleaved, so both sides see the same load; the first query of each is a warm-up. */
async function timeSearches(serve: Served, mpd: MpdPeer | null) {
  const client = mpd ? await mpd.searchClient() : null;
  const busker: number[] = [];
  const peer: number[] = [];
  try {
    await buskerSearch(serve, 'love');
    await client?.search('love');
    for (let index = 0; index < QUERIES; index += 1) {
      const text = queryWords[index % queryWords.length] as string;
      let started = performance.now();
      await buskerSearch(serve, text);
      busker.push(performance.now() - started);
      if (client) {
        started = performance.now();
        await client.search(text);
        peer.push(performance.now() - started);
      }
    }
  } finally {
    client?.close();
  }
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  };
  return { busker: stats(busker), mpd: stats(peer) };
}

async function searchAt100k(workDir: string): Promise<void> {
  const dataDir = join(workDir, 'busker-100k');
  say('Busker search at 100,000 tracks (MPD not measured: it would need 100,000 files)');
  await fillSearchLibrary(join(dataDir, 'library.sqlite'), 100_000);
  const serve = await startServe(cli, dataDir);
  try {
    const { busker } = await timeSearches(serve, null);
    printTable(
      `Search at 100,000 tracks (Busker only); load ${loadAverage()}`,
      ['measure', 'ms', 'target'],
      [
        ['p50', busker.p50, ''],
        ['p99', busker.p99, '< 10'],
      ],
    );
  } finally {
    await serve.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);
  console.log(
    `peers: MPD ${hasMpd ? 'present' : 'absent, skipped'}; beets ${hasBeets ? 'present' : 'absent, skipped'}`,
  );
  console.log(
    'Busker imports through openBackend().api.importFolder in this process (what `busker import` runs),',
    'its tag threads running the built dist/cli/tagWorker.js.',
  );
  const workDir = await mkdtemp(join(tmpdir(), 'busker-peer-bench-'));
  try {
    for (const count of SIZES) await measureSize(workDir, count);
    if (LARGE) await searchAt100k(workDir);
  } finally {
    await builtTagThreads.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
