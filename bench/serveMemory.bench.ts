/**
 * `busker serve`'s memory (issue #23: idle RSS at 20k <= 1.5 x MPD's with the same library), beside
 * MPD 0.23 on the same files when it is installed (skipped and said otherwise; nothing installed):
 * RSS after start, after importing N tagged files (serve's own importFolder, as the page asks
 * it), after searches, after the page's first market calls (no network: the wallet and the
 * network's health), and during playback: a client streams the library's files through serve's
 * media route at their real playback rate while MPD plays the same files through its null output;
 * RSS sampled every minute, and the growth printed.
 *
 * Needs the build (`npm run build`). BENCH_TRACKS sets N (default 2,000); BENCH_PLAYBACK_MINUTES
 * the playback (default 60); BENCH_NODE_OPTIONS is passed to serve's Node as NODE_OPTIONS (to try
 * V8 flags, e.g. `--max-semi-space-size=1`).
 */
import { get } from 'node:http';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TrackPage } from '../core/api/appApi';
import { percentile, printTable } from './support/benchReport';
import { buskerSearch, callServe, startServe } from './support/buskerServe';
import type { Served } from './support/buskerServe';
import { MpdPeer } from './support/mpdPeer';
import { loadAverage, toolPresent, treeRssMb } from './support/peerTools';
import { generateTaggedLibrary, libraryWords } from './support/taggedLibrary';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 2_000);
const PLAYBACK_MINUTES = Number(process.env.BENCH_PLAYBACK_MINUTES ?? 60);
const SEARCHES = 300;
const projectDir = resolve(import.meta.dirname, '..');
const cli = join(projectDir, 'dist/cli/busker.js');
const hasMpd = toolPresent('mpd') && toolPresent('mpc', ['help']);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const say = (text: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${text} (load ${loadAverage()})`);

/**
 * Streams one file through serve's media route as a player would: read at its playback rate
 * (its bytes over its duration), until it ends or `until` passes.
 */
function streamAtPlaybackRate(serve: Served, id: number, durationMs: number, until: number): Promise<number> {
  const started = Date.now();
  const ends = Math.min(started + durationMs, until);
  return new Promise((done, fail) => {
    const request = get(
      new URL(`/media/${id}`, serve.url),
      { agent: serve.agent, headers: { Authorization: `Bearer ${serve.token}` } },
      (response) => {
        if (response.statusCode !== 200) {
          fail(new Error(`/media/${id} answered ${response.statusCode}`));
          response.resume();
          return;
        }
        const size = Number(response.headers['content-length'] ?? 0);
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (Date.now() >= until) {
            response.destroy();
            done(read);
            return;
          }
          // Paced so that the bytes read so far match the time played so far.
          const due = size > 0 ? started + (read / size) * durationMs : started;
          if (due > Date.now()) {
            response.pause();
            setTimeout(() => response.resume(), due - Date.now());
          }
        });
        // A file read ahead of its time (a short one, in one chunk) still plays to its end.
        response.on('end', () => void sleep(Math.max(0, ends - Date.now())).then(() => done(read)));
        response.on('error', fail);
      },
    );
    request.on('error', fail);
  });
}

/** Plays the library's tracks one after another, in a loop, until `until`. */
async function playUntil(serve: Served, tracks: TrackPage['tracks'], until: number): Promise<number> {
  let played = 0;
  while (Date.now() < until) {
    for (const track of tracks) {
      if (Date.now() >= until) break;
      await streamAtPlaybackRate(serve, track.id, track.durationMs ?? 1_000, until);
      played += 1;
    }
  }
  return played;
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-serve-memory-'));
  const music = join(workDir, 'music');
  const rows: [stage: string, busker: number, mpd: number][] = [];
  const mpdDir = join(workDir, 'mpd');
  await mkdir(mpdDir, { recursive: true });
  const mpd = hasMpd ? new MpdPeer(mpdDir, music) : null;
  if (!mpd) console.log('MPD or mpc is not installed: Busker alone.');
  let serve: Served | null = null;
  try {
    say(`writing ${TRACKS} tagged files`);
    await generateTaggedLibrary(workDir, music, TRACKS);
    await mpd?.prepare();

    say('start');
    const options = process.env.BENCH_NODE_OPTIONS;
    serve = await startServe(cli, join(workDir, 'busker'), options ? { NODE_OPTIONS: options } : {});
    await mpd?.startEmpty();
    await sleep(5_000); // past the point where serve starts its market when a network is configured
    rows.push(['after start, empty library', treeRssMb(serve.pid), mpd?.rssMb() ?? Number.NaN]);

    say(`import of ${TRACKS} files`);
    const summary = (await callServe(serve, 'importFolder', [music])) as { added: number };
    if (summary.added !== TRACKS) throw new Error(`serve imported ${summary.added} of ${TRACKS}`);
    await mpd?.update();
    await sleep(35_000); // the import's tag-reading threads end after 30 s idle
    rows.push([`after import of ${TRACKS} files`, treeRssMb(serve.pid), mpd?.rssMb() ?? Number.NaN]);

    say(`${SEARCHES} searches`);
    const searchClient = await mpd?.searchClient();
    const searchMs: number[] = [];
    for (let index = 0; index < SEARCHES; index += 1) {
      const text = `${libraryWords[index % libraryWords.length]} ${index % 10}`;
      const started = performance.now();
      await buskerSearch(serve, text);
      searchMs.push(performance.now() - started);
      await searchClient?.search(text);
    }
    searchClient?.close();
    await sleep(5_000);
    rows.push([`after ${SEARCHES} searches`, treeRssMb(serve.pid), mpd?.rssMb() ?? Number.NaN]);
    searchMs.sort((a, b) => a - b);
    console.log(
      `Busker search over HTTP: p50 ${percentile(searchMs, 0.5).toFixed(1)} ms, p99 ${percentile(searchMs, 0.99).toFixed(1)} ms`,
    );

    // What a page asks at once: with no network, this loads the market's code (not IPFS).
    await callServe(serve, 'walletState', []);
    await callServe(serve, 'networkHealth', []);
    await sleep(5_000);
    rows.push(['after the page opened (its market calls)', treeRssMb(serve.pid), Number.NaN]);

    say(`playback for ${PLAYBACK_MINUTES} min`);
    const tracks: TrackPage['tracks'] = [];
    while (tracks.length < TRACKS) {
      const page = (await callServe(serve, 'listTracks', [
        { offset: tracks.length, limit: 1_000 },
      ])) as TrackPage;
      if (page.tracks.length === 0) break;
      tracks.push(...page.tracks);
    }
    // The library's first ten artists' folders (a quarter of it; the layout is taggedLibrary.ts').
    await mpd?.play(Array.from({ length: 10 }, (_, index) => `Artist ${index}`));
    const until = Date.now() + PLAYBACK_MINUTES * 60_000;
    const playing = playUntil(serve, tracks, until);
    const samples: [minute: number, busker: number, mpd: number][] = [];
    for (let minute = 1; minute <= PLAYBACK_MINUTES; minute += 1) {
      await sleep(Math.max(0, until - (PLAYBACK_MINUTES - minute) * 60_000 - Date.now()));
      samples.push([minute, treeRssMb(serve.pid), mpd?.rssMb() ?? Number.NaN]);
    }
    const played = await playing;
    rows.push([
      `after ${PLAYBACK_MINUTES} min of playback`,
      treeRssMb(serve.pid),
      mpd?.rssMb() ?? Number.NaN,
    ]);
    printTable(
      `RSS during playback, MB (${played} tracks streamed at playback rate); load ${loadAverage()}`,
      ['minute', 'Busker serve', 'MPD'],
      samples.map(([minute, busker, peer]) => [
        minute,
        busker.toFixed(1),
        Number.isNaN(peer) ? '—' : peer.toFixed(1),
      ]),
    );
    const first = samples[0];
    const last = samples.at(-1);
    if (first && last)
      console.log(
        `growth from minute 1 to ${last[0]}: Busker ${(last[1] - first[1]).toFixed(1)} MB, MPD ${(last[2] - first[2]).toFixed(1)} MB`,
      );
  } finally {
    await serve?.stop();
    await mpd?.remove();
    await rm(workDir, { recursive: true, force: true });
  }
  printTable(
    `busker serve RSS beside MPD, ${TRACKS} tagged files (MP3 + FLAC, covers); target Busker/MPD <= 1.5 at 20k; load ${loadAverage()}`,
    ['stage', 'Busker serve MB', 'MPD MB', 'Busker/MPD'],
    rows.map(([stage, busker, peer]) => [
      stage,
      busker.toFixed(1),
      Number.isNaN(peer) ? '—' : peer.toFixed(1),
      Number.isNaN(peer) ? '—' : (busker / peer).toFixed(2),
    ]),
  );
}

await main();
