import type { Migration } from '../../../base/migrationRunner';

/**
 * Catalogue tracks (published on chain, encrypted on IPFS) live in `tracks` like imported files,
 * so listing, search, queue and player treat both alike; `catalogue_media` says where a
 * catalogue track's container is and which on-chain track it is. Its `tracks.path` is the
 * synthetic `catalogue:<chainId>:<artist>:<trackId>`, which no folder import ever matches.
 *
 * `vault_keys` is the listener's key vault: content keys of unlocked tracks, each wrapped
 * (AES-256-GCM) under a key the host keeps outside this file (safeStorage or a passphrase).
 * Keys are kept by on-chain identity, not by row, so a key outlives a catalogue resync.
 */
export const migration003: Migration = {
  version: 3,
  name: 'catalogue media and key vault',
  statements: [
    `
    CREATE TABLE catalogue_media (
      track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
      chain_id INTEGER NOT NULL,
      -- The Artist contract, lower-case 0x-hex.
      artist TEXT NOT NULL,
      chain_track_id INTEGER NOT NULL,
      audio_cid TEXT NOT NULL,
      -- 0x-hex sha256, as published on chain.
      key_commitment TEXT NOT NULL,
      UNIQUE (chain_id, artist, chain_track_id)
    );

    CREATE TABLE vault_keys (
      chain_id INTEGER NOT NULL,
      artist TEXT NOT NULL,
      chain_track_id INTEGER NOT NULL,
      -- nonce (12) ‖ ciphertext (32) ‖ tag (16).
      wrapped_key BLOB NOT NULL,
      -- Milliseconds since the epoch.
      added_at INTEGER NOT NULL,
      PRIMARY KEY (chain_id, artist, chain_track_id)
    ) WITHOUT ROWID;
  `,
  ],
};
