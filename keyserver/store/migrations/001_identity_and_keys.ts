import type { Migration } from '../../../base/migrationRunner';

/** The server's sealed X25519 identity (one row) and the sealed content keys, base64 text. */
export const migration001: Migration = {
  version: 1,
  name: 'identity and content keys',
  statements: [
    `CREATE TABLE server_identity (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       sealed_private_key TEXT NOT NULL,
       public_key TEXT NOT NULL,
       created_at BIGINT NOT NULL
     )`,
    `CREATE TABLE content_keys (
       chain_id BIGINT NOT NULL,
       artist TEXT NOT NULL,
       track_id TEXT NOT NULL,
       sealed_key TEXT NOT NULL,
       deposited_at BIGINT NOT NULL,
       PRIMARY KEY (chain_id, artist, track_id)
     )`,
  ],
};
