import type { Migration } from '../../../base/migrationRunner';

/**
 * Tips, recorded before they are broadcast: the signed raw transaction is kept so a restart
 * can send exactly that transaction again (same hash) and never pay twice.
 */
export const migration002: Migration = {
  version: 2,
  name: 'tips',
  statements: [
    `
    CREATE TABLE chain_tips (
      hash TEXT PRIMARY KEY,
      raw_transaction TEXT NOT NULL,
      chain_id INTEGER NOT NULL,
      artist TEXT NOT NULL,
      track_id INTEGER NOT NULL,
      amount TEXT NOT NULL,
      sender TEXT NOT NULL,
      nonce INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('signed', 'sent', 'confirmed', 'failed')),
      failure_reason TEXT,
      block_number INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX chain_tips_by_sender ON chain_tips(chain_id, sender, nonce);
    CREATE INDEX chain_tips_open ON chain_tips(status) WHERE status IN ('signed', 'sent');
    CREATE INDEX chain_tips_by_track ON chain_tips(artist, track_id);
  `,
  ],
};
