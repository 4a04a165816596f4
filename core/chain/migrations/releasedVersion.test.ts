// Chain stores saved before the migrations table recorded their version in a `chain_schema` row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ChainSchemaTooNewError, chainSchemaVersion, migrateChainSchema } from '../chainDatabase';
import { chainMigrations } from './index';

/** What a released Busker left: the chain schema up to `version` and its `chain_schema` row. */
function releasedChainStore(version: number): Database.Database {
  const db = new Database(':memory:');
  for (const migration of chainMigrations.filter((m) => m.version <= version)) {
    for (const statement of migration.statements) db.exec(statement);
  }
  db.exec('CREATE TABLE chain_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
  db.prepare('INSERT INTO chain_schema (id, version) VALUES (1, ?)').run(version);
  db.prepare(`INSERT INTO chain_artists VALUES ('0xA', '0xO', 'Artist', 5)`).run();
  return db;
}

test('a released chain store at version 1 keeps its catalogue and is carried to the newest', () => {
  const db = releasedChainStore(1);
  assert.equal(migrateChainSchema(db), 2);
  assert.equal(chainSchemaVersion(db), 2);
  assert.deepEqual(db.prepare('SELECT version FROM chain_migrations ORDER BY version').pluck().all(), [1, 2]);
  assert.equal(db.prepare('SELECT version FROM chain_schema').pluck().get(), 2, 'kept in step for releases');
  assert.equal(db.prepare('SELECT name FROM chain_artists').pluck().get(), 'Artist');
  assert.equal(db.prepare('SELECT count(*) FROM chain_tips').pluck().get(), 0);
  db.close();
});

test('a released chain store at the newest version opens as it is', () => {
  const db = releasedChainStore(2);
  assert.equal(migrateChainSchema(db), 2);
  assert.deepEqual(db.prepare('SELECT version FROM chain_migrations ORDER BY version').pluck().all(), [1, 2]);
  assert.equal(db.prepare('SELECT name FROM chain_artists').pluck().get(), 'Artist');
  db.close();
});

test('a chain_schema row newer than this Busker is refused before anything is written', () => {
  const db = releasedChainStore(2);
  db.prepare('UPDATE chain_schema SET version = 9').run();
  assert.throws(() => migrateChainSchema(db), ChainSchemaTooNewError);
  const table = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE name = 'chain_migrations'")
    .pluck()
    .get();
  assert.equal(table, 0);
  db.close();
});
