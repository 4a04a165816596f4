import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { migratePublishSchema, openPublishDatabase } from '../publishDatabase';
import { PublishJobStore } from '../publishJobStore';
import { publishMigrations } from './index';

test('001 creates the job table in a new database and keeps its rows across reopening', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-publish-migration-'));
  try {
    const file = join(dir, 'publish.sqlite');
    const db = openPublishDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), publishMigrations.at(-1)?.version);
    new PublishJobStore(db).insert({
      id: 'job-1',
      chainId: 31337,
      artist: '0x0000000000000000000000000000000000000001',
      sourcePath: '/music/a.flac',
      sourceSize: 10,
      price: 2n ** 200n,
      wrappedKey: Buffer.alloc(60, 1),
      noncePrefix: Buffer.alloc(8, 2),
      metadataJson: '{}',
      cover: null,
    });
    db.close();

    const reopened = openPublishDatabase(file);
    const job = new PublishJobStore(reopened).require('job-1');
    assert.equal(job.state, 'queued');
    assert.equal(job.price, 2n ** 200n, 'a price beyond 2^64 survives as text');
    assert.throws(
      () => reopened.prepare("UPDATE publish_jobs SET state = 'bogus' WHERE id = 'job-1'").run(),
      /CHECK constraint/,
    );
    reopened.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a database from a newer Busker is refused in words, not changed', () => {
  const db = new Database(':memory:');
  db.pragma(`user_version = ${publishMigrations.length + 1}`);
  assert.throws(() => migratePublishSchema(db), /newer version of Busker.*Update Busker/);
  db.close();
});
