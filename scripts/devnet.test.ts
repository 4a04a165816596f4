import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readNetworkFile } from '../protocol/networkFile';

let folder: string;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'busker-devnet-script-'));
});
after(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runDevnetScript(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/devnet.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves once the output says the devnet is ready; rejects if the process exits first. */
function untilReady(run: Run): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (run.stdout().includes('Press Ctrl-C to stop.')) resolve();
    };
    run.child.stdout?.on('data', check);
    void run.exited.then((code) =>
      reject(new Error(`devnet exited (${code}) before it was ready: ${run.stderr()}`)),
    );
    check();
  });
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

test('npm run devnet: one command to a ready chain, a second run says so, Ctrl-C stops it cleanly', async () => {
  const networkFile = join(folder, 'network.json');
  const first = runDevnetScript(['--out', networkFile]);
  try {
    await untilReady(first);
    const network = await readNetworkFile(networkFile);
    assert.ok(first.stdout().includes(network.rpcUrl));
    assert.ok(first.stdout().includes(networkFile));
    assert.match(first.stdout(), /DEV ONLY/);
    assert.equal(await rpcAnswers(network.rpcUrl), true);

    const second = runDevnetScript(['--out', networkFile]);
    assert.equal(await second.exited, 1);
    assert.match(
      second.stderr(),
      new RegExp(
        `A Busker devnet is already running \\(pid ${first.child.pid}, rpc ${network.rpcUrl.replaceAll('.', '\\.')}\\); ` +
          'stop it with Ctrl-C in its terminal',
      ),
    );

    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0, first.stderr());
    assert.match(first.stderr(), /Devnet stopped \(SIGINT\)/);
    assert.equal(existsSync(`${networkFile}.lock`), false);
    assert.equal(await rpcAnswers(network.rpcUrl), false, 'anvil stopped with it');
  } finally {
    first.child.kill('SIGKILL');
  }
});

test('npm run devnet: wrong usage exits 2 with a hint', async () => {
  const run = runDevnetScript(['--block-time', 'soon']);
  assert.equal(await run.exited, 2);
  assert.match(run.stderr(), /--block-time must be a whole number of seconds/);
});
