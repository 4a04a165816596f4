// Publish databases saved before the migrations table recorded their version in `user_version` only.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { latestVersion } from '../../../base/migrationRunner';
import { openPublishDatabase } from '../publishDatabase';
import { PublishJobStore } from '../publishJobStore';
import { publishMigrations } from './index';

test('a released publish database at version 1 keeps its jobs and is carried to the newest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-publish-released-'));
  try {
    const file = join(dir, 'publish.sqlite');
    const released = new Database(file);
    for (const statement of publishMigrations[0]!.statements) released.exec(statement);
    released.pragma('user_version = 1');
    released
      .prepare(
        `INSERT INTO publish_jobs (id, chain_id, artist, source_path, source_size, price, state, wrapped_key,
           nonce_prefix, metadata_json, container_path, content_hash, created_at, updated_at)
         VALUES ('job-1', 31337, '0x01', '/music/a.flac', 10, '5', 'encrypted', x'01', x'02', '{}',
           '/data/publishing/job-1.bsk1', '0xabc', 1, 2)`,
      )
      .run();
    released.close();

    const db = openPublishDatabase(file);
    try {
      assert.deepEqual(
        db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
        [1, 2, 3],
      );
      assert.equal(db.pragma('user_version', { simple: true }), 3, 'kept in step for released versions');
      const job = new PublishJobStore(db).require('job-1');
      assert.equal(job.contentHash, '0xabc');
      assert.equal(job.seedsStored, null);
    } finally {
      db.close();
    }

    const newer = new Database(file);
    newer.pragma(`user_version = ${latestVersion(publishMigrations) + 1}`);
    newer.close();
    assert.doesNotThrow(
      () => openPublishDatabase(file).close(),
      'the table, not user_version, is the record',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
