import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startWalCheckpointThread } from './walCheckpointThread';

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

async function withDatabase(run: (db: Database.Database, file: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'busker-wal-'));
  const file = join(dir, 'keys.sqlite');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY)');
    await run(db, file);
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const autocheckpoint = (db: Database.Database) => db.pragma('wal_autocheckpoint', { simple: true });

test('the log is checkpointed into the database by the thread, not by the connection that writes', async () => {
  await withDatabase(async (db, file) => {
    const thread = startWalCheckpointThread(db, file, 20);
    try {
      assert.equal(autocheckpoint(db), 0);
      const sizeBefore = (await stat(file)).size;
      const insert = db.prepare('INSERT INTO rows (id) VALUES (?)');
      for (let row = 0; row < 2000; row += 1) insert.run(randomBytes(32).toString('hex'));
      // Only a checkpoint moves the rows from the log into the database file.
      await until(async () => (await stat(file)).size > sizeBefore + 100_000, 'the rows reach the file');
    } finally {
      await thread.stop();
    }
    assert.equal(autocheckpoint(db), 0, 'a thread stopped on purpose hands nothing back');
    await thread.stop(); // twice is harmless
  });
});

test('should the thread fail, the writing connection checkpoints by itself again', async () => {
  await withDatabase(async (db, file) => {
    // A folder is no database: the thread's connection cannot open, and the thread ends.
    const thread = startWalCheckpointThread(db, join(file, '..'), 20);
    try {
      await until(() => autocheckpoint(db) === 1000, 'automatic checkpoints are back');
    } finally {
      await thread.stop();
    }
  });
});
