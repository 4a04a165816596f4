/** Small process helpers the peer benchmark shares: is a tool installed, run it, time it, its RSS. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** True when `command` runs (`command args` exits 0); the benchmark never installs anything. */
export function toolPresent(command: string, args: string[] = ['--version']): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return result.error === undefined && result.status === 0;
}

/** Runs a command to its end; rejects with its output when it fails. Resolves with its wall ms. */
export function timeCommand(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`));
    });
  });
}

/** A TCP port on 127.0.0.1 free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A process's resident memory in MB (VmRSS), or NaN once it is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The summed VmRSS of a process and its children (a launcher may run the real program). */
export function treeRssMb(pid: number): number {
  let total = rssMb(pid);
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    for (const child of children) if (child) total += treeRssMb(Number(child));
  } catch {
    // no children list: the process alone
  }
  return total;
}

export const loadAverage = (): string =>
  readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');

/**
 * Drops the page cache so the next read comes from the disk: needs root (and a writable
 * /proc/sys). Returns false when this machine does not allow it.
 */
export function dropPageCache(): boolean {
  spawnSync('sync');
  const result = spawnSync('sh', ['-c', 'echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' });
  return result.status === 0;
}
