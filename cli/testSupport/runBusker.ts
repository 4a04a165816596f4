/**
 * Runs the `busker` command in its own process, as a user would, and collects what it printed.
 * A run that has not ended after `timeoutMs` is stopped, and the test fails with what the process
 * printed and what was keeping it alive (Node's diagnostic report: its JavaScript stack and its
 * open handles), instead of waiting for the whole file's timeout with nothing to show.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const entry = join(import.meta.dirname, '..', 'busker.ts');

export interface BuskerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to the command's standard input, which is then closed; without it there is none. */
  stdin?: string;
  timeoutMs?: number;
}

export async function runBusker(args: string[], options: RunOptions = {}): Promise<BuskerRun> {
  const { env = process.env, stdin, timeoutMs = 60_000 } = options;
  const reports = await mkdtemp(join(tmpdir(), 'busker-run-report-'));
  try {
    const child = spawn(
      process.execPath,
      ['--report-on-signal', `--report-directory=${reports}`, '--import', 'tsx', entry, ...args],
      { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    const timedOut = Symbol('timed out');
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      closed,
      new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (outcome !== timedOut) return { code: outcome, stdout, stderr };

    child.kill('SIGUSR2'); // --report-on-signal: a report of what the process is waiting on
    const report = await readReport(reports);
    child.kill('SIGKILL');
    await closed;
    throw new Error(
      `busker ${args.join(' ')} had not ended after ${timeoutMs / 1000} s.\n` +
        `stdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr.slice(-2000)}\n${report}`,
    );
  } finally {
    await rm(reports, { recursive: true, force: true });
  }
}

/** The stack and the open handles from the report the process writes, or why there is none. */
async function readReport(directory: string): Promise<string> {
  for (let waited = 0; waited < 5_000; waited += 100) {
    await sleep(100);
    const [name] = await readdir(directory);
    if (!name) continue;
    try {
      const report = JSON.parse(await readFile(join(directory, name), 'utf8')) as {
        javascriptStack?: { stack?: string[] };
        libuv?: { type: string; is_active?: boolean; is_referenced?: boolean; [detail: string]: unknown }[];
      };
      const handles = (report.libuv ?? [])
        .filter((handle) => handle.is_active && handle.is_referenced)
        .map((handle) => `  ${JSON.stringify(handle)}`);
      const stack = report.javascriptStack?.stack?.map((line) => `  ${line}`) ?? [];
      return `JavaScript stack:\n${stack.join('\n')}\nActive handles:\n${handles.join('\n')}`;
    } catch {
      // Still being written: read it again.
    }
  }
  return 'The process wrote no diagnostic report within 5 s.';
}
