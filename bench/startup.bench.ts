/**
 * Start-up of the built `busker` command (issue #23): wall time from spawning Node to the end of
 * `busker --help` and `busker search` on a 20,000-track library, and from spawning `busker serve`
 * until it prints its URL and until the first page of tracks answers. Each sits beside a floor
 * measured in the same run, round-robin so the machine's load colours them alike: `node -e 0`,
 * Node plus the raw SQLite query, a bare Node HTTP server that prints its URL.
 * Targets: --help <= 150 ms, search <= 300 ms, serve's URL <= 300 ms and its first row <= 1 s.
 *
 * Needs the build (`npm run build`). BENCH_CLI=<file> measures another build of busker.js (say,
 * the main branch's) against the same floors; BENCH_RUNS sets the runs per case (default 11);
 * BENCH_NPX=1 adds `npx busker --help` (3 runs: it costs seconds).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLibraryDatabase } from '../core/library/database';
import type { TrackRecord } from '../core/library/trackRepo';
import { TrackRepo } from '../core/library/trackRepo';
import { buildMatchQuery } from '../core/library/trackSearch';
import { percentile, printTable, seededRandom } from './support/benchReport';
import { madeUpTrack } from './support/searchLibraryFill';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const QUERY = 'golden mount';
const projectDir = resolve(import.meta.dirname, '..');
const cli = resolve(process.env.BENCH_CLI ?? join(projectDir, 'dist/cli/busker.js'));

const words = (
  'love night heart fire dance blue river golden summer rain city light dream shadow midnight ' +
  'ocean wild silver morning road home star story echo storm garden winter mountain island'
).split(' ');

function fillLibrary(dataDir: string): void {
  const db = openLibraryDatabase(join(dataDir, 'library.sqlite'));
  const random = seededRandom(23);
  const phrase = (count: number) =>
    Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(' ');
  const repo = new TrackRepo(db);
  const records: TrackRecord[] = [];
  for (let index = 0; index < TRACKS; index += 1) {
    const artist = `${phrase(2)} ${index % 2_000}`;
    records.push(madeUpTrack(index, { title: phrase(1 + (index % 3)), artist, album: phrase(2) }, 14));
    if (records.length === 5_000) repo.saveTracks(records.splice(0));
  }
  repo.saveTracks(records.splice(0));
  db.close();
}

interface Timing {
  /** Until the process printed `until` (or exited, without one). */
  ms: number;
  /** Until the first page of tracks answered (serve only). */
  firstRowMs?: number;
}

/**
 * Spawns Node (or `options.command`) with `args` and times it to its exit, or to the first stdout
 * matching `until`.
 */
function timeRun(
  args: string[],
  options: { until?: RegExp; firstRow?: boolean; command?: string } = {},
): Promise<Timing> {
  const start = performance.now();
  const child = spawn(options.command ?? process.execPath, args, {
    cwd: projectDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BUSKER_NETWORK_FILE: join(tmpdir(), 'busker-startup-bench-no-network.json') },
  });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return new Promise<Timing>((resolveTiming, reject) => {
    let done = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.until && !done ? options.until.exec(output) : null;
      if (!match) return;
      done = true;
      const ms = performance.now() - start;
      const stop = async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      };
      void (async () => {
        let firstRowMs: number | undefined;
        if (options.firstRow) {
          const url = new URL(match[0]);
          const token = url.searchParams.get('token') ?? '';
          const reply = await fetch(new URL('/api/call/listTracks', url), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify([{ offset: 0, limit: 50 }]),
          });
          const page = (await reply.json()) as { result?: { tracks?: unknown[] } };
          if (!page.result?.tracks?.length) {
            throw new Error(`serve answered no tracks: ${JSON.stringify(page).slice(0, 300)}`);
          }
          firstRowMs = performance.now() - start;
        }
        await stop();
        resolveTiming(firstRowMs === undefined ? { ms } : { ms, firstRowMs });
      })().catch(async (error: unknown) => {
        // A server left running would skew every later run, and outlive the benchmark.
        await stop();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
    void exited.then((code) => {
      if (done) return;
      if (options.until || code !== 0) {
        const command = options.command ?? 'node';
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${errors || output}`));
      } else resolveTiming({ ms: performance.now() - start });
    });
  });
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);
  const dataDir = await mkdtemp(join(tmpdir(), 'busker-startup-bench-'));
  try {
    const fillStart = performance.now();
    fillLibrary(dataDir);
    console.log(`filled ${TRACKS} tracks in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
    const library = join(dataDir, 'library.sqlite');
    const rawQuery =
      "const D=require('better-sqlite3');const db=new D(process.argv[1],{readonly:true});" +
      "console.log(db.prepare('SELECT rowid FROM track_search WHERE track_search MATCH ? LIMIT 20').all(process.argv[2]).length)";
    const bareServer =
      "const s=require('node:http').createServer((q,r)=>r.end());" +
      "s.listen(0,'127.0.0.1',()=>console.log('http://127.0.0.1:'+s.address().port+'/?token=x'))";
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/;

    const cases: { name: string; run: () => Promise<Timing>; runs: number }[] = [
      { name: 'floor: node -e 0', run: () => timeRun(['-e', '0']), runs: RUNS },
      { name: 'busker --help', run: () => timeRun([cli, '--help']), runs: RUNS },
      {
        name: 'bin/busker.js --help (the launcher)',
        run: () => timeRun([join(projectDir, 'bin/busker.js'), '--help']),
        runs: process.env.BENCH_CLI ? 0 : RUNS,
      },
      {
        name: 'floor: node + raw SQLite FTS query',
        run: () => timeRun(['-e', rawQuery, library, buildMatchQuery(QUERY) ?? '']),
        runs: RUNS,
      },
      {
        name: `busker search "${QUERY}"`,
        run: () => timeRun([cli, 'search', QUERY, '--data', dataDir]),
        runs: RUNS,
      },
      {
        name: 'floor: node http server, URL printed',
        run: () => timeRun(['-e', bareServer], { until: url }),
        runs: RUNS,
      },
      {
        name: 'busker serve, URL printed / first row',
        run: () => timeRun([cli, 'serve', '--data', dataDir], { until: url, firstRow: true }),
        runs: RUNS,
      },
    ];
    if (process.env.BENCH_NPX === '1') {
      cases.push({
        name: 'npx busker --help',
        run: () => timeRun(['--no-install', 'busker', '--help'], { command: 'npx' }),
        runs: 3,
      });
    }

    console.log(`load before: ${loadavg()}`);
    const times = new Map<string, number[]>(
      cases.filter((entry) => entry.runs > 0).map((entry) => [entry.name, []]),
    );
    const firstRows: number[] = [];
    const rounds = Math.max(...cases.map((entry) => entry.runs));
    for (let round = 0; round < rounds; round += 1) {
      for (const entry of cases) {
        if (round >= entry.runs) continue;
        const timing = await entry.run();
        times.get(entry.name)?.push(timing.ms);
        if (timing.firstRowMs !== undefined) firstRows.push(timing.firstRowMs);
      }
    }
    console.log(`load after: ${loadavg()}`);

    const median = (name: string) =>
      percentile(
        [...(times.get(name) ?? [])].sort((a, b) => a - b),
        0.5,
      );
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    printTable(
      `Start-up, built CLI ${cli === join(projectDir, 'dist/cli/busker.js') ? '(this build)' : cli}, ${TRACKS} tracks, ${RUNS} runs each, wall ms`,
      ['case', 'median', 'min', 'max'],
      [...times].map(([name, values]) => [
        name,
        percentile(sorted(values), 0.5),
        sorted(values)[0] ?? NaN,
        sorted(values).at(-1) ?? NaN,
      ]),
    );
    const node = median('floor: node -e 0');
    const firstRow = percentile(sorted(firstRows), 0.5);
    printTable(
      'Start-up verdict (medians)',
      ['measure', 'ms', 'ratio', 'target'],
      [
        ['busker --help vs node -e 0', median('busker --help'), median('busker --help') / node, '<= 150 ms'],
        [
          'busker search vs node + raw query',
          median(`busker search "${QUERY}"`),
          median(`busker search "${QUERY}"`) / median('floor: node + raw SQLite FTS query'),
          '<= 300 ms',
        ],
        [
          'serve URL vs bare http server',
          median('busker serve, URL printed / first row'),
          median('busker serve, URL printed / first row') / median('floor: node http server, URL printed'),
          '<= 300 ms',
        ],
        [
          'serve first row vs bare http server',
          firstRow,
          firstRow / median('floor: node http server, URL printed'),
          '<= 1000 ms',
        ],
      ],
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
