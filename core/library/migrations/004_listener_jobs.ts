import type { Migration } from '../../../base/migrationRunner';

/**
 * The listener's side of the catalogue (issue 6).
 *
 * `catalogue_metadata_fetches`: one row per on-chain track whose metadata Busker tried to fetch
 * from IPFS, so a CID that never resolves is retried with backoff (not on every sync) and the
 * reason a track is missing from the library can be shown. Keyed by on-chain identity.
 *
 * `unlock_jobs`: "Tip & unlock" as a resumable job per track and listener. The tip itself is
 * recorded (before broadcast) by the chain store's `chain_tips`; the job remembers its hash and
 * where it got to, so a restart continues and never tips twice.
 */
export const migration004: Migration = {
  version: 4,
  name: 'catalogue metadata fetches and unlock jobs',
  statements: [
    `
    CREATE TABLE catalogue_metadata_fetches (
      chain_id INTEGER NOT NULL,
      -- The Artist contract, lower-case 0x-hex.
      artist TEXT NOT NULL,
      chain_track_id INTEGER NOT NULL,
      metadata_cid TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('saved', 'unreachable', 'invalid', 'hidden')),
      -- Why the track is not listed, in words a listener can read; NULL once saved.
      reason TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      -- Milliseconds since the epoch; NULL: never retried (saved, or the same bytes stay invalid).
      next_attempt_at INTEGER,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (chain_id, artist, chain_track_id)
    ) WITHOUT ROWID;

    CREATE TABLE unlock_jobs (
      chain_id INTEGER NOT NULL,
      artist TEXT NOT NULL,
      chain_track_id INTEGER NOT NULL,
      -- The listener's address, lower-case 0x-hex.
      listener TEXT NOT NULL,
      state TEXT NOT NULL
        CHECK (state IN ('tipping', 'tipSent', 'confirming', 'fetchingKey', 'ready', 'failed')),
      -- Wei, as a decimal string.
      amount TEXT NOT NULL,
      tip_hash TEXT,
      -- True once a tip of this job was mined or access was found on chain: never tip again.
      paid INTEGER NOT NULL DEFAULT 0 CHECK (paid IN (0, 1)),
      failure_reason TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (chain_id, artist, chain_track_id, listener)
    ) WITHOUT ROWID;
    CREATE INDEX unlock_jobs_open ON unlock_jobs(state) WHERE state NOT IN ('ready', 'failed');
  `,
  ],
};
