import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migratePublishSchema } from '../publishDatabase';
import { PublishJobStore } from '../publishJobStore';
import { databaseAtVersion, publishSchema } from '../../testSupport/databaseAtVersion';

test('003 records how many seeds keep a track, and keeps every job of a version-2 database', () => {
  const db = databaseAtVersion(
    ':memory:',
    publishSchema,
    2,
    `
    INSERT INTO publish_jobs (id, chain_id, artist, source_path, source_size, price, state, wrapped_key,
       nonce_prefix, metadata_json, content_hash, audio_cid, created_at, updated_at)
     VALUES ('job-1', 31337, '0x01', '/music/a.flac', 10, '5', 'key-deposited', x'01', x'02', '{}',
       '0xabc', 'bafy', 1, 2)
  `,
  );

  assert.equal(migratePublishSchema(db), 3);
  const store = new PublishJobStore(db);
  assert.equal(store.require('job-1').seedsStored, null);
  assert.equal(store.markDone('job-1', 2).seedsStored, 2);
  assert.equal(store.require('job-1').state, 'done');
  db.close();
});
