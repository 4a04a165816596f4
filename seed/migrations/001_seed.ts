import type { Migration } from '../../base/migrationRunner';

/**
 * A seed's own records: the pin requests it took (PROTOCOL §7.2, the Pinning Service API) and the
 * CIDs the chain vouches for, derived from the catalogue it follows (tracks' audio and metadata)
 * and from the metadata it pinned (covers).
 */
export const migration001: Migration = {
  version: 1,
  name: 'seed',
  statements: [
    `
    CREATE TABLE seed_vouched (
      cid TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('audio', 'metadata', 'cover')),
      artist TEXT NOT NULL,
      track_id INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- One row per request; several requests (and the catalogue follower) may name one CID.
    CREATE TABLE seed_pins (
      request_id TEXT PRIMARY KEY,
      cid TEXT NOT NULL,
      name TEXT,
      origins TEXT NOT NULL,
      meta TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'pinning', 'pinned', 'failed')),
      created TEXT NOT NULL,
      kind TEXT NOT NULL,
      artist TEXT NOT NULL,
      bytes INTEGER,
      reason TEXT,
      source TEXT NOT NULL CHECK (source IN ('api', 'catalogue'))
    ) WITHOUT ROWID;
    CREATE INDEX seed_pins_by_cid ON seed_pins(cid);
    CREATE INDEX seed_pins_by_created ON seed_pins(created);
  `,
  ],
};
