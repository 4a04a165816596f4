import type { Migration } from '../../../base/migrationRunner';

/**
 * One row per file being published. The content key is stored wrapped before the container is
 * written, and the signed publish transaction before it is broadcast, so every step can be redone
 * (or found to be done) after a crash.
 */
export const migration001: Migration = {
  version: 1,
  name: 'publish jobs',
  statements: [
    `
    CREATE TABLE publish_jobs (
      id TEXT PRIMARY KEY,
      chain_id INTEGER NOT NULL,
      artist TEXT NOT NULL,
      source_path TEXT NOT NULL,
      source_size INTEGER NOT NULL,
      price TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'encrypted', 'audio-added', 'metadata-added',
        'tx-recorded', 'published', 'key-deposited', 'done', 'failed')),
      failed_at_state TEXT,
      failure_reason TEXT,
      last_error TEXT,
      wrapped_key BLOB NOT NULL,
      nonce_prefix BLOB NOT NULL,
      metadata_json TEXT NOT NULL,
      cover BLOB,
      container_path TEXT NOT NULL,
      content_hash TEXT,
      audio_cid TEXT,
      cover_cid TEXT,
      metadata_cid TEXT,
      tx_hash TEXT,
      raw_transaction TEXT,
      tx_nonce INTEGER,
      sender TEXT,
      track_id INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX publish_jobs_open ON publish_jobs(chain_id, artist, created_at)
      WHERE state NOT IN ('done', 'failed');
  `,
  ],
};
