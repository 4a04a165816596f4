import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { chainSchemaVersion, migrateChainSchema } from '../chainDatabase';
import { chainMigrations } from './index';

test('001 chain: creates the catalogue tables, and deleting an artist removes its tracks', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  // A database that already holds someone else's tables (the library's), at its own user_version.
  db.exec(
    "CREATE TABLE tracks (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO tracks (title) VALUES ('local')",
  );
  db.pragma('user_version = 3');

  assert.equal(migrateChainSchema(db, chainMigrations.slice(0, 1)), 1);
  assert.equal(chainSchemaVersion(db), 1);
  assert.equal(db.pragma('user_version', { simple: true }), 3, "the library's version is not touched");
  assert.equal(db.prepare('SELECT title FROM tracks').pluck().get(), 'local');

  db.prepare(`INSERT INTO chain_artists VALUES ('0xA', '0xO', 'Artist', 5)`).run();
  db.prepare(
    `INSERT INTO chain_tracks VALUES ('0xA', 0, 'meta', 'audio', '0x01', '0x02', '10', '10', 0, 6)`,
  ).run();
  db.prepare(`INSERT INTO chain_track_changes VALUES ('0xA', 0, 7, 0, '20', NULL)`).run();
  assert.throws(
    () =>
      db.prepare(`INSERT INTO chain_tracks VALUES ('0xB', 0, 'm', 'a', '0x', '0x', '1', '1', 0, 6)`).run(),
    /FOREIGN KEY/,
  );
  assert.throws(
    () => db.prepare(`INSERT INTO chain_sync_state VALUES (2, 1, '0xF', 0, NULL)`).run(),
    /CHECK/,
  );
  db.prepare(`DELETE FROM chain_artists WHERE address = '0xA'`).run();
  assert.equal(db.prepare('SELECT count(*) FROM chain_tracks').pluck().get(), 0);
  assert.equal(db.prepare('SELECT count(*) FROM chain_track_changes').pluck().get(), 0);
  db.close();
});
