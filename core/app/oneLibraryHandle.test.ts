// The app opens its library database once per process: the market's catalogue, vault and unlock
// jobs share the backend's handle. Counted from the process's open files (Linux's /proc).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDevnet } from '../../devnet/devnet';
import type { Devnet } from '../../devnet/devnet';
import { LIBRARY_FILE_NAME } from '../library/database';
import { openBackend } from './openBackend';

let folder: string;
let devnet: Devnet;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'busker-one-handle-'));
  devnet = await startDevnet({ networkFile: join(folder, 'devnet', 'network.json') });
});

after(async () => {
  await devnet?.stop();
  await rm(folder, { recursive: true, force: true });
});

/** How many of this process's open files are `file` itself (not its -wal or -shm companions). */
function openHandles(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd)) === file;
    } catch {
      return false; // closed while listing
    }
  }).length;
}

test(
  'the market shares the backend’s library database: one handle in the process',
  { skip: existsSync('/proc/self/fd') ? false : 'needs /proc/self/fd' },
  async () => {
    const dataDir = join(folder, 'app');
    const backend = openBackend({
      dataDir,
      host: 'headless',
      market: {
        networkFile: devnet.networkFile,
        syncIntervalMs: 0,
        walletScryptN: 2 ** 10,
        vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
        onProblem: () => undefined,
      },
    });
    try {
      const library = join(dataDir, LIBRARY_FILE_NAME);
      assert.equal(openHandles(library), 1, 'the backend holds the library open');
      await backend.api.syncCatalogue(); // opens the market's runtime: chain store, vault, catalogue
      assert.deepEqual(await backend.api.catalogueStates([]), []);
      assert.equal(openHandles(library), 1, 'the market opened the library a second time');
    } finally {
      await backend.close();
    }
  },
);
