import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migratePublishSchema } from '../publishDatabase';
import { PublishJobStore } from '../publishJobStore';
import { publishMigrations } from './index';
import { databaseAtVersion, publishSchema } from '../../testSupport/databaseAtVersion';

test('002 drops the container path and keeps every job of a version-1 database', () => {
  const db = databaseAtVersion(
    ':memory:',
    publishSchema,
    1,
    `
    INSERT INTO publish_jobs (id, chain_id, artist, source_path, source_size, price, state, wrapped_key,
       nonce_prefix, metadata_json, container_path, content_hash, created_at, updated_at)
     VALUES ('job-1', 31337, '0x01', '/music/a.flac', 10, '5', 'encrypted', x'01', x'02', '{}',
       '/data/publishing/job-1.bsk1', '0xabc', 1, 2)
  `,
  );

  assert.equal(migratePublishSchema(db, publishMigrations.slice(0, 2)), 2);
  const columns = (db.prepare('PRAGMA table_info(publish_jobs)').all() as { name: string }[]).map(
    (c) => c.name,
  );
  assert.ok(!columns.includes('container_path'));
  const job = new PublishJobStore(db).require('job-1');
  assert.equal(job.state, 'encrypted');
  assert.equal(job.contentHash, '0xabc');
  assert.equal(job.sourcePath, '/music/a.flac');
  db.close();
});
