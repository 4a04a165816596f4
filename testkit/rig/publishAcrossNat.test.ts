// Two homes behind NAT and a network on public hosts, all on a simulated internet: an artist
// publishes two tracks from home with `busker publish`, which ends once both seeds keep them; its
// process is gone by then. A listener in another home joins the network by the key server's
// address alone, lists both tracks (details from the seeds), tips and unlocks one, and plays it
// with a seek through the app's stream handler; seed 1 is killed mid-stream and the rest comes
// from seed 2. What it heard hashes to the content hash on chain.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { anvilAccounts, anvilMnemonic, resolveAnvilBinary } from '../../core/chain/anvilProcess';
import { buildSimulatedInternet, rigUnavailableReason } from '../simulatedInternet';
import type { RigHost, SimulatedInternet } from '../simulatedInternet';

const unavailable = rigUnavailableReason();
const root = join(import.meta.dirname, '..', '..');
const builtCli = join(root, 'dist', 'cli', 'busker.js');
const chainPort = 8545;
const keyServerPort = 7401;
const seedHttpPort = 8080;
const seedPeerPort = 4001;

let rig: SimulatedInternet;
let folder: string;

/** The CLI as a user runs it: built when it is (faster), else from source. */
function cliArgs(args: string[]): string[] {
  return existsSync(builtCli)
    ? [builtCli, ...args]
    : ['--import', 'tsx', join(root, 'cli', 'busker.ts'), ...args];
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): { output: () => Finished; exited: Promise<Finished> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  const exited = once(child, 'exit').then(() => output());
  return { output, exited };
}

/** Runs `busker …` in `host` to its end. */
async function busker(host: RigHost, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const child = host.spawn(process.execPath, cliArgs(args), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child).exited;
}

/** Starts a long-running `busker …` in `host` and resolves once its output matches `ready`. */
async function startBusker(
  host: RigHost,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; child: ChildProcess }> {
  const child = host.spawn(process.execPath, cliArgs(args), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = collect(child);
  const early = exited.then((finished) => {
    throw new Error(`busker ${args[0]} ended early: ${finished.stdout}${finished.stderr}`);
  });
  for (;;) {
    const { stdout } = output();
    if (ready.test(stdout)) return { stdout, child };
    await Promise.race([sleep(100), early]);
  }
}

async function keyFile(name: string, index: number): Promise<string> {
  const file = join(folder, `${name}.key`);
  await writeFile(file, `${anvilAccounts()[index]?.privateKey ?? ''}\n`, { mode: 0o600 });
  return file;
}

before(async () => {
  if (unavailable) return;
  folder = await mkdtemp(join(tmpdir(), 'busker-rig-'));
  rig = await buildSimulatedInternet({ publicHosts: ['network', 'seed2'], homes: ['artist', 'listener'] });
});

after(async () => {
  await rig?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test(
  'an artist behind NAT publishes to the seeds; a listener behind NAT joins, unlocks and plays it',
  { skip: unavailable ?? false, timeout: 600_000 },
  async () => {
    const { network: hub, seed2, artist, listener } = rig.hosts as Record<string, RigHost>;
    assert.ok(hub && seed2 && artist && listener);
    const rpcUrl = `http://${hub.address}:${chainPort}`;

    // The network's public host: a chain mining every second, the factory, two seeds, the key server.
    hub.spawn(
      resolveAnvilBinary(),
      ['--host', '0.0.0.0', '--port', String(chainPort), '--mnemonic', anvilMnemonic, '--block-time', '1'],
      { stdio: 'ignore' },
    );
    const deployed = join(folder, 'deployed.json');
    const deploy = collect(
      hub.spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'deployFactory.ts'),
          `http://127.0.0.1:${chainPort}`,
          deployed,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    const deployedRun = await deploy.exited;
    assert.equal(deployedRun.code, 0, deployedRun.stderr);
    const { factory, factoryBlock } = JSON.parse(await readFile(deployed, 'utf8')) as {
      factory: string;
      factoryBlock: number;
    };
    const chainFile = join(folder, 'chain.json');
    await writeFile(chainFile, JSON.stringify({ chainId: 31337, rpcUrl, factory, factoryBlock }));

    const seeds = [];
    const seedProcesses: ChildProcess[] = [];
    for (const [index, host] of [hub, seed2].entries()) {
      const args = ['seed', '--network', chainFile, '--data', join(folder, `seed-${index}`)];
      args.push(
        '--listen',
        `/ip4/0.0.0.0/tcp/${seedPeerPort}`,
        '--announce',
        `/ip4/${host.address}/tcp/${seedPeerPort}`,
      );
      args.push('--host', '0.0.0.0', '--port', String(seedHttpPort));
      for (const seed of seeds) args.push('--peer', seed.multiaddrs[0] ?? '');
      const started = await startBusker(host, args, /Press Ctrl\+C/);
      seedProcesses.push(started.child);
      const peerId = /Busker seed (\w+)/.exec(started.stdout)?.[1] ?? '';
      seeds.push({
        peerId,
        multiaddrs: [`/ip4/${host.address}/tcp/${seedPeerPort}/p2p/${peerId}`],
        pinning: `http://${host.address}:${seedHttpPort}/psa`,
        gateway: `http://${host.address}:${seedHttpPort}`,
      });
    }
    const keyServerUrl = `http://${hub.address}:${keyServerPort}`;
    const description = join(folder, 'network.json');
    await writeFile(
      description,
      JSON.stringify({
        busker: 1,
        name: 'Rig Network',
        chain: { chainId: 31337, rpcUrls: [rpcUrl], factory, factoryBlock, confirmations: 1 },
        keyServer: keyServerUrl,
        seeds,
        publicIpfs: false,
      }),
    );
    await startBusker(
      hub,
      [
        'keyserver',
        '--host',
        '0.0.0.0',
        '--port',
        String(keyServerPort),
        '--network',
        description,
        '--data',
        join(folder, 'keyserver'),
      ],
      /listening on/,
      {
        BUSKER_KEYSERVER_MASTER_KEY: 'ab'.repeat(32),
        BUSKER_KEYSERVER_PUBLIC_URL: keyServerUrl,
        BUSKER_KEYSERVER_CONFIRMATIONS: '1',
      },
    );

    // The artist, at home: joins by the key server's address, becomes an artist, publishes two tracks.
    const artistData = join(folder, 'artist-data');
    const artistEnv = { BUSKER_PRIVATE_KEY_FILE: await keyFile('artist', 1) };
    const joined = await busker(artist, [
      'network',
      'join',
      `${hub.address}:${keyServerPort}`,
      '--data',
      artistData,
    ]);
    assert.equal(joined.code, 0, joined.stderr);
    assert.match(joined.stdout, /Rig Network[\s\S]*seeds +2/);
    const created = await busker(artist, ['artist', 'create', 'Rig Artist', '--data', artistData], artistEnv);
    assert.equal(created.code, 0, created.stderr);
    const files = ['one', 'two'].map((name, index) => {
      const file = join(folder, `${name}.wav`);
      // The first lasts twelve seconds: two megabytes, nine blocks, a middle to lose a seed in.
      const seconds = index === 0 ? '12' : '2';
      const tone = ['synth', seconds, 'sine', String(440 + 110 * index)];
      execFileSync('sox', ['-n', '-r', '44100', '-c', '2', file, ...tone]);
      return file;
    });
    const published = await busker(
      artist,
      ['publish', ...files, '--price', '0.001', '--data', artistData],
      artistEnv,
    );
    assert.equal(published.code, 0, `${published.stdout}${published.stderr}`);
    assert.equal(published.stdout.match(/^done .*stored on 2 seeds$/gm)?.length, 2, published.stdout);

    // The listener, in another home, with the artist's computer gone: joins and lists both tracks.
    const listenerData = join(folder, 'listener-data');
    const listenerJoined = await busker(listener, ['network', 'join', keyServerUrl, '--data', listenerData]);
    assert.equal(listenerJoined.code, 0, listenerJoined.stderr);
    const listed = await busker(listener, ['catalogue', '--json', '--timeout', '30', '--data', listenerData]);
    assert.equal(listed.code, 0, listed.stderr);
    const catalogue = JSON.parse(listed.stdout) as {
      tracks: { title: string; artist: string; trackId: number }[];
    };
    const titles = catalogue.tracks.map((track) => track.title).sort();
    assert.deepEqual(titles, ['one', 'two'], listed.stdout);

    // It tips and unlocks the long one, then plays it from the seeds, losing seed 1 mid-stream.
    const chosen = catalogue.tracks.find((track) => track.title === 'one');
    assert.ok(chosen);
    const listenerEnv = {
      BUSKER_PRIVATE_KEY_FILE: await keyFile('listener', 2),
      BUSKER_VAULT_PASSPHRASE: 'rig listener passphrase',
    };
    const track = `${chosen.artist}:${chosen.trackId}`;
    const unlocked = await busker(listener, ['unlock', track, '--data', listenerData], listenerEnv);
    assert.equal(unlocked.code, 0, `${unlocked.stdout}${unlocked.stderr}`);
    const resumeFile = join(folder, 'resume');
    const streamScript = join(import.meta.dirname, 'streamTrack.ts');
    const stream = listener.spawn(
      process.execPath,
      ['--import', 'tsx', streamScript, listenerData, chosen.artist, String(chosen.trackId), resumeFile],
      { env: { ...process.env, ...listenerEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const played = collect(stream);
    while (!played.output().stdout.includes('halfway')) {
      if (stream.exitCode !== null) assert.fail(`the stream ended early: ${played.output().stderr}`);
      await sleep(50);
    }
    const seed1 = seedProcesses[0];
    assert.ok(seed1);
    seed1.kill('SIGKILL');
    await once(seed1, 'exit');
    await writeFile(resumeFile, '');
    const heard = await played.exited;
    assert.equal(heard.code, 0, heard.stderr);
    const result = JSON.parse(heard.stdout.split('\n').filter(Boolean).at(-1) ?? '{}') as {
      bytes: number;
      sha256: string;
      contentHash: string;
      seekMatches: boolean;
    };
    assert.equal(result.bytes, (await readFile(files[0] ?? '')).length);
    assert.equal(result.sha256, result.contentHash.toLowerCase(), 'what was played is what was published');
    assert.equal(result.seekMatches, true);
  },
);
