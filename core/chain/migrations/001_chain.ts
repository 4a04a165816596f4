import type { Migration } from '../../../base/migrationRunner';

/**
 * The synced on-chain catalogue: artists (from the factory), their tracks, and the block cursor.
 * Tables are prefixed `chain_` so they can share a database file with the library.
 * Amounts and prices are decimal TEXT: they are uint256 on chain and do not fit an INTEGER.
 */
export const migration001: Migration = {
  version: 1,
  name: 'chain',
  statements: [
    `
    -- One row: which network the catalogue belongs to and how far it is synced.
    -- cursor_block is the last block whose events are all stored (-1: none yet).
    CREATE TABLE chain_sync_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      chain_id INTEGER NOT NULL,
      factory TEXT NOT NULL,
      cursor_block INTEGER NOT NULL,
      cursor_hash TEXT
    );

    -- Recent cursor positions with their block hashes: after a re-org deeper than the
    -- confirmation depth, sync rolls back to the newest one that is still canonical.
    CREATE TABLE chain_checkpoints (
      block_number INTEGER PRIMARY KEY,
      block_hash TEXT NOT NULL
    );

    CREATE TABLE chain_artists (
      address TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      name TEXT NOT NULL,
      created_block INTEGER NOT NULL
    );
    CREATE INDEX chain_artists_by_block ON chain_artists(created_block);
    CREATE INDEX chain_artists_by_owner ON chain_artists(owner);

    CREATE TABLE chain_tracks (
      artist TEXT NOT NULL REFERENCES chain_artists(address) ON DELETE CASCADE,
      track_id INTEGER NOT NULL,
      metadata_cid TEXT NOT NULL,
      audio_cid TEXT NOT NULL,
      content_hash TEXT NOT NULL,
      key_commitment TEXT NOT NULL,
      published_price TEXT NOT NULL,
      price TEXT NOT NULL,
      retired INTEGER NOT NULL DEFAULT 0,
      published_block INTEGER NOT NULL,
      PRIMARY KEY (artist, track_id)
    ) WITHOUT ROWID;
    CREATE INDEX chain_tracks_by_block ON chain_tracks(published_block);

    -- Price changes and retirements in chain order, kept so a rollback can undo them.
    CREATE TABLE chain_track_changes (
      artist TEXT NOT NULL,
      track_id INTEGER NOT NULL,
      block_number INTEGER NOT NULL,
      log_index INTEGER NOT NULL,
      price TEXT,
      retired INTEGER,
      PRIMARY KEY (block_number, log_index),
      FOREIGN KEY (artist, track_id) REFERENCES chain_tracks(artist, track_id) ON DELETE CASCADE
    );
    CREATE INDEX chain_track_changes_by_track ON chain_track_changes(artist, track_id);
  `,
  ],
};
