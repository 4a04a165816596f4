import type { Migration } from '../../../base/migrationRunner';

/** Nonces of accepted requests, per signer, kept until their deadline so a replay is refused. */
export const migration002: Migration = {
  version: 2,
  name: 'used nonces',
  statements: [
    `CREATE TABLE used_nonces (
       signer TEXT NOT NULL,
       nonce TEXT NOT NULL,
       expires_at BIGINT NOT NULL,
       PRIMARY KEY (signer, nonce)
     )`,
    'CREATE INDEX used_nonces_by_expiry ON used_nonces (expires_at)',
  ],
};
