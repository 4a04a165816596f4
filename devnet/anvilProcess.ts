// Starts a real anvil node on a free loopback port, for tests, benchmarks and the devnet command.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { anvilAccounts, anvilMnemonic, developmentAccountCount } from '../core/wallet/developmentAccounts';
import type { AnvilAccount } from '../core/wallet/developmentAccounts';

const startTimeoutMs = 30_000;
const stopTimeoutMs = 5_000;

export interface AnvilOptions {
  /** Seconds between blocks; omitted means automine (a block per transaction). */
  blockTime?: number;
  /** Defaults to anvil's own 31337. */
  chainId?: number;
}

export interface AnvilNode {
  rpcUrl: string;
  port: number;
  /** Funded with 10,000 ETH each at genesis. */
  accounts: AnvilAccount[];
  /** Kills the node and resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const architectures: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/** Where the anvil binary is: `ANVIL_PATH`, else the platform package `@foundry-rs/anvil` installs. */
export function resolveAnvilBinary(): string {
  const fromEnv = process.env.ANVIL_PATH;
  if (fromEnv) return fromEnv;
  const arch = architectures[process.arch] ?? process.arch;
  const executable = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const packageName = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    return createRequire(import.meta.url).resolve(`${packageName}/bin/${executable}`);
  } catch {
    throw new Error(
      `The anvil binary for ${process.platform}-${process.arch} is missing: install ${packageName} ` +
        '(npm installs it with @foundry-rs/anvil) or set ANVIL_PATH.',
    );
  }
}

/** Recent block states kept for historical reads (`hasAccess` a few blocks below the head). */
const retainedStates = 128;

/**
 * Spawns anvil on 127.0.0.1 with port 0 (the OS picks a free one, so parallel tests never
 * collide), reads the port back from its banner and waits until it answers `eth_chainId`.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilNode> {
  const args = ['--host', '127.0.0.1', '--port', '0', '--mnemonic', anvilMnemonic];
  args.push('--accounts', String(developmentAccountCount));
  // Keep recent states in memory only: by default anvil writes every older block's whole state
  // to ~/.foundry/anvil/tmp, which fills a disk within minutes on a chain with a large catalogue.
  args.push('--prune-history', String(retainedStates));
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));

  const child = spawn(resolveAnvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test or program dies without calling stop(), do not leave anvil running.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
    })();
    return stopping;
  };

  try {
    const port = await readListeningPort(child.stdout, exited, () => stderr);
    const rpcUrl = `http://127.0.0.1:${port}`;
    await waitForRpc(rpcUrl, exited);
    return { rpcUrl, port, accounts: anvilAccounts(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readListeningPort(
  stdout: NodeJS.ReadableStream,
  exited: Promise<void>,
  stderr: () => string,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let banner = '';
    const timer = setTimeout(
      () => finish(new Error('anvil did not start listening within 30 s.')),
      startTimeoutMs,
    );
    const onData = (chunk: Buffer | string): void => {
      banner = (banner + chunk.toString()).slice(-8_000);
      const match = /Listening on [\w.:[\]]*:(\d+)/.exec(banner);
      if (match?.[1]) finish(undefined, Number(match[1]));
    };
    const finish = (error?: Error, port?: number): void => {
      clearTimeout(timer);
      stdout.removeListener('data', onData);
      // Keep draining anvil's request log so a full pipe never blocks the node.
      stdout.resume();
      if (error) reject(error);
      else resolve(port as number);
    };
    stdout.on('data', onData);
    void exited.then(() =>
      finish(new Error(`anvil exited before it was ready: ${stderr().trim() || banner.trim()}`)),
    );
  });
}

async function waitForRpc(rpcUrl: string, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (hasExited) throw new Error('anvil exited before it answered eth_chainId.');
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      const body = (await response.json()) as { result?: unknown };
      if (typeof body.result === 'string') return;
    } catch {
      // Not answering yet: try again shortly.
    }
    if (Date.now() > deadline) throw new Error(`anvil at ${rpcUrl} did not answer eth_chainId within 30 s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
