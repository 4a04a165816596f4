// The passphrase rule holds at the host, not only in the setup form: a browser (or any HTTP
// client) that skips the form and posts a weak passphrase to the real headless host is refused
// with a code and words, and no wallet is written; a good passphrase then sets the wallet up.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppBackend } from '../../core/api/appBackend';
import { openBackend } from '../../core/app/openBackend';
import type { HeadlessHost } from './headlessHost';
import { startHeadlessHost } from './headlessHost';

let root: string;
let backend: AppBackend;
let host: HeadlessHost;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-weak-passphrase-'));
  backend = openBackend({
    dataDir: join(root, 'data'),
    host: 'headless',
    market: {
      networkFile: join(root, 'no-network.json'),
      syncIntervalMs: 0,
      walletScryptN: 2 ** 10,
      vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
      onProblem: () => undefined,
    },
  });
  host = await startHeadlessHost({ backend, rendererDir: join(root, 'renderer') });
});

after(async () => {
  await host?.close();
  await backend?.close();
  await rm(root, { recursive: true, force: true });
});

async function call(method: string, ...args: unknown[]) {
  const response = await fetch(`http://127.0.0.1:${host.port}/api/call/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as { result?: unknown; error?: { code: string; message: string } };
  return { status: response.status, ...body };
}

test('the host refuses a weak wallet passphrase posted past the form, and writes nothing', async () => {
  const short = await call('setUpWallet', { kind: 'create', passphrase: 'abc' });
  assert.equal(short.status, 400);
  assert.equal(short.error?.code, 'WEAK_PASSPHRASE');
  assert.equal(
    short.error?.message,
    'Choose a longer passphrase: at least 10 characters (this one has 3). A few words in a row are easy to remember. Nothing was changed.',
  );
  const repetitive = await call('setUpWallet', {
    kind: 'privateKey',
    privateKey: `0x${'ac'.repeat(32)}`,
    passphrase: 'aaaaaaaaaaaa',
  });
  assert.equal(repetitive.status, 400);
  assert.equal(repetitive.error?.code, 'WEAK_PASSPHRASE');
  assert.match(repetitive.error?.message ?? '', /^Choose a passphrase with more different characters/);
  assert.equal(existsSync(join(root, 'data', 'wallet.json')), false, 'no wallet file was written');
  const state = await call('walletState');
  assert.equal((state.result as { status: string }).status, 'none');

  const created = await call('setUpWallet', { kind: 'create', passphrase: 'correct horse battery' });
  assert.equal(created.status, 200, JSON.stringify(created.error));
  assert.match((created.result as { address: string }).address, /^0x[0-9a-fA-F]{40}$/);
  assert.equal(((await call('walletState')).result as { status: string }).status, 'unlocked');
});
