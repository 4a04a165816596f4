// The network of the NAT rig, on a simulated internet: a public host with a chain mining every
// second, the factory, seed 1 and the key server; a second public host with seed 2; and two homes
// behind NAT (artist, listener). Every program is the real one, run as a user would. For the rig's
// tests and benchmarks; needs root (see simulatedInternet.ts).
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveAnvilBinary } from '../../devnet/anvilProcess';
import { anvilAccounts, anvilMnemonic } from '../../core/wallet/developmentAccounts';
import { buildSimulatedInternet } from '../simulatedInternet';
import type { RigHost, SimulatedInternet } from '../simulatedInternet';

const root = join(import.meta.dirname, '..', '..');
const builtCli = join(root, 'dist', 'cli', 'busker.js');
const chainPort = 8545;
const keyServerPort = 7401;
const seedHttpPort = 8080;
const seedPeerPort = 4001;

export interface RigNetwork {
  folder: string;
  hub: RigHost;
  seed2: RigHost;
  artist: RigHost;
  listener: RigHost;
  keyServerUrl: string;
  /** What a user types to join: the key server's host:port. */
  keyServerAddress: string;
  /** Seed 1's and seed 2's processes, to take a seed away. */
  seedProcesses: ChildProcess[];
  close(): Promise<void>;
}

/** The CLI as a user runs it: built when it is (faster), else from source. */
export function cliArgs(args: string[]): string[] {
  return existsSync(builtCli)
    ? [builtCli, ...args]
    : ['--import', 'tsx', join(root, 'cli', 'busker.ts'), ...args];
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function collect(child: ChildProcess): { output: () => Finished; exited: Promise<Finished> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  const exited = once(child, 'exit').then(() => output());
  return { output, exited };
}

/** Runs `busker …` in `host` to its end. */
export async function busker(host: RigHost, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const child = host.spawn(process.execPath, cliArgs(args), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child).exited;
}

/** Starts a long-running `busker …` in `host` and resolves once its output matches `ready`. */
export async function startBusker(
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

export async function keyFile(folder: string, name: string, index: number): Promise<string> {
  const file = join(folder, `${name}.key`);
  await writeFile(file, `${anvilAccounts()[index]?.privateKey ?? ''}\n`, { mode: 0o600 });
  return file;
}

/** Builds the rig and starts the network on it; on any failure, whatever was started is stopped. */
export async function startRigNetwork(): Promise<RigNetwork> {
  const folder = await mkdtemp(join(tmpdir(), 'busker-rig-'));
  let rig: SimulatedInternet | undefined;
  try {
    rig = await buildSimulatedInternet({ publicHosts: ['network', 'seed2'], homes: ['artist', 'listener'] });
    const { network: hub, seed2, artist, listener } = rig.hosts;
    if (!hub || !seed2 || !artist || !listener) throw new Error('the rig lacks a host');
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
    if (deployedRun.code !== 0) throw new Error(`the factory was not deployed: ${deployedRun.stderr}`);
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

    const built = rig;
    return {
      folder,
      hub,
      seed2,
      artist,
      listener,
      keyServerUrl,
      keyServerAddress: `${hub.address}:${keyServerPort}`,
      seedProcesses,
      close: async () => {
        await built.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rig?.close();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
