/** Runs the `busker` command in its own process, as a user would, and collects what it printed. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const entry = join(import.meta.dirname, '..', 'busker.ts');

export interface BuskerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runBusker(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<BuskerRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
