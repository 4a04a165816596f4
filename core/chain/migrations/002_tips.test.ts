import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ChainSchemaTooNewError, chainSchemaVersion, migrateChainSchema } from '../chainDatabase';
import { chainMigrations } from './index';

test('002 tips: upgrades a version-1 database that holds a synced catalogue, keeping its rows', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrateChainSchema(db, chainMigrations.slice(0, 1));
  db.prepare(`INSERT INTO chain_sync_state VALUES (1, 31337, '0xF', 42, '0xhash')`).run();
  db.prepare(`INSERT INTO chain_checkpoints VALUES (42, '0xhash')`).run();
  db.prepare(`INSERT INTO chain_artists VALUES ('0xA', '0xO', 'Artist', 5)`).run();
  db.prepare(
    `INSERT INTO chain_tracks VALUES ('0xA', 0, 'meta', 'audio', '0x01', '0x02', '10', '10', 0, 6)`,
  ).run();

  assert.equal(migrateChainSchema(db), 2);
  assert.equal(chainSchemaVersion(db), 2);
  assert.deepEqual(db.prepare('SELECT cursor_block, cursor_hash FROM chain_sync_state').get(), {
    cursor_block: 42,
    cursor_hash: '0xhash',
  });
  assert.equal(db.prepare('SELECT metadata_cid FROM chain_tracks').pluck().get(), 'meta');

  const insertTip = db.prepare(
    `INSERT INTO chain_tips (hash, raw_transaction, chain_id, artist, track_id, amount, sender, nonce, status,
       created_at, updated_at) VALUES (?, '0xraw', 31337, '0xA', 0, '10', '0xS', 0, ?, 1, 1)`,
  );
  insertTip.run('0x1', 'signed');
  assert.throws(() => insertTip.run('0x2', 'lost'), /CHECK/);
  assert.throws(() => insertTip.run('0x1', 'sent'), /UNIQUE/);

  // Running again changes nothing; a database from a newer Busker is refused, not damaged.
  assert.equal(migrateChainSchema(db), 2);
  db.prepare("INSERT INTO chain_migrations (version, name, applied_at) VALUES (99, 'future', 0)").run();
  assert.throws(() => migrateChainSchema(db), ChainSchemaTooNewError);
  assert.equal(db.prepare('SELECT count(*) FROM chain_tips').pluck().get(), 1);
  db.close();
});
