/**
 * Publishing across the NAT rig (testkit/rig): an artist behind NAT runs `busker publish` on a
 * 10 MiB track until it reports the track stored on both seeds (encrypt, add, publish on chain,
 * deposit the key, and both seeds fetching every block from the artist's node over the connection
 * it opened). Beside it, in the same run, the floor: the same bytes sent once over one plain TCP
 * connection from the artist's home to the public host, and a `busker --help` start-up.
 * Needs root (network namespaces); says so and ends otherwise.
 */
import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { busker, collect, keyFile, startRigNetwork } from '../testkit/rig/rigNetwork';
import { rigUnavailableReason } from '../testkit/simulatedInternet';
import type { RigHost } from '../testkit/simulatedInternet';
import { printTable } from './support/benchReport';

const TRACK_BYTES = 10 * 1024 * 1024;
const sinkPort = 9100;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/** Sends `file` from `from` to a sink on `to` over one TCP connection; resolves when all arrived. */
async function rawTransfer(from: RigHost, to: RigHost, file: string): Promise<number> {
  const sink = to.spawn(
    process.execPath,
    [
      '-e',
      `require('node:net').createServer((s) => { let n = 0; s.on('data', (c) => (n += c.length)); s.on('end', () => { console.log(n); process.exit(0); }); }).listen(${sinkPort}, () => console.log('ready'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const received = collect(sink);
  while (!received.output().stdout.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 20));
  const { ms } = await timed(async () => {
    const sender = from.spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:net').connect(${sinkPort}, '${to.address}', () => require('node:fs').createReadStream(process.argv[1]).pipe(s));`,
        file,
      ],
      { stdio: 'ignore' },
    );
    await collect(sender).exited;
    await received.exited;
  });
  return ms;
}

async function main(): Promise<void> {
  const unavailable = rigUnavailableReason();
  if (unavailable) {
    console.log(`skipped: the NAT rig cannot be built here (${unavailable})`);
    return;
  }
  const network = await startRigNetwork();
  try {
    const { folder, artist, hub } = network;
    const data = join(folder, 'artist-data');
    const env = { BUSKER_PRIVATE_KEY_FILE: await keyFile(folder, 'artist', 1) };
    for (const args of [
      ['network', 'join', network.keyServerAddress, '--data', data],
      ['artist', 'create', 'Bench Artist', '--data', data],
    ]) {
      const run = await busker(artist, args, env);
      if (run.code !== 0) throw new Error(`busker ${args[0]} failed: ${run.stderr}`);
    }
    const track = join(folder, 'ten-mib.wav');
    const seconds = ((TRACK_BYTES - 44) / 176_400).toFixed(3);
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', track, 'synth', seconds, 'pinknoise']);
    const bytes = (await stat(track)).size;

    const help = await timed(() => busker(artist, ['--help']));
    const raw = await rawTransfer(artist, hub, track);
    const publish = await timed(() =>
      busker(artist, ['publish', track, '--price', '0.001', '--data', data], env),
    );
    if (publish.result.code !== 0 || !/stored on 2 seeds/.test(publish.result.stdout)) {
      throw new Error(`publish did not end on both seeds: ${publish.result.stdout}${publish.result.stderr}`);
    }
    printTable(
      `Publishing ${bytes} bytes from a home behind NAT until both seeds keep it`,
      ['what', 'ms', 'ratio to the raw transfer'],
      [
        ['busker publish, until "stored on 2 seeds"', publish.ms, publish.ms / raw],
        ['floor: the same bytes over one TCP connection to the public host', raw, 1],
        ['floor: busker --help (start-up)', help.ms, help.ms / raw],
      ],
    );
    console.log('\nThe publish also waits for one block (a second on this chain) and deposits the key.');
  } finally {
    await network.close();
  }
}

await main();
