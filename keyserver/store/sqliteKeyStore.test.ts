import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { describeKeyStoreContract } from '../testing/keyStoreContract';
import { openSqliteKeyStore } from './sqliteKeyStore';

describeKeyStoreContract('sqlite');

async function withFile(run: (file: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'busker-sqlite-keys-'));
  try {
    await run(join(dir, 'keyserver.sqlite'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const nonce = () => `0x${randomBytes(32).toString('hex')}`;

test("one turn's nonces share one commit, and each is answered only once it is committed", () =>
  withFile(async (file) => {
    // No checkpoint during the test: the log only grows, by the pages each commit writes.
    const store = openSqliteKeyStore(file, { checkpointIntervalMs: 3_600_000 });
    const reader = new Database(file, { readonly: true });
    try {
      await store.recordNonce('0xaa', nonce(), 2 ** 40);
      const logBefore = (await stat(`${file}-wal`)).size;
      const nonces = Array.from({ length: 32 }, nonce);
      const seen = reader.prepare('SELECT COUNT(*) FROM used_nonces WHERE signer = ? AND nonce = ?').pluck();
      const committed = await Promise.all(
        nonces.map(async (each) => {
          assert.equal(await store.recordNonce('0xbb', each, 2 ** 40), true);
          return seen.get('0xbb', each);
        }),
      );
      assert.deepEqual(
        committed,
        nonces.map(() => 1),
        'another connection sees each nonce once answered',
      );
      const pageSize = reader.pragma('page_size', { simple: true }) as number;
      const frames = ((await stat(`${file}-wal`)).size - logBefore) / (pageSize + 24);
      // A commit each would write at least one frame (page) each: 32 or more.
      assert.ok(frames < 8, `32 nonces wrote ${frames} frames to the log`);
    } finally {
      reader.close();
      await store.close();
    }
  }));

test('a nonce answered as recorded is refused after the process is killed outright', () =>
  withFile(async (file) => {
    const used = nonce();
    const module = new URL('./sqliteKeyStore.ts', import.meta.url).href;
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openSqliteKeyStore } = await import(${JSON.stringify(module)});
         const store = openSqliteKeyStore(${JSON.stringify(file)});
         if (await store.recordNonce('0xaa', ${JSON.stringify(used)}, 2 ** 40)) process.kill(process.pid, 'SIGKILL');`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const store = openSqliteKeyStore(file);
    try {
      assert.equal(await store.recordNonce('0xaa', used, 2 ** 40), false);
    } finally {
      await store.close();
    }
  }));

test('a nonce asked for after the store is closed is refused with an error, not recorded', () =>
  withFile(async (file) => {
    const store = openSqliteKeyStore(file);
    const pending = store.recordNonce('0xaa', nonce(), 2 ** 40);
    await store.close();
    assert.equal(await pending, true, 'one asked for before closing is written as it closes');
    await assert.rejects(store.recordNonce('0xaa', nonce(), 2 ** 40));
  }));
