import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runMigrations } from '../../core/library/migrationRunner';
import { seedMigrations } from './index';

test('001 seed: pin requests and vouched CIDs, with their states checked', () => {
  const db = new Database(':memory:');
  try {
    assert.equal(runMigrations(db, seedMigrations), 1);
    db.prepare("INSERT INTO seed_vouched VALUES ('bafy1', 'audio', '0xA', 0)").run();
    assert.throws(
      () => db.prepare("INSERT INTO seed_vouched VALUES ('bafy2', 'video', '0xA', 0)").run(),
      /CHECK/,
    );
    const insertPin = db.prepare(
      `INSERT INTO seed_pins VALUES (?, 'bafy1', NULL, '[]', '{}', ?, '2026-01-01T00:00:00.000Z', 'audio', '0xA', NULL, NULL, ?)`,
    );
    insertPin.run('r1', 'queued', 'api');
    assert.throws(() => insertPin.run('r2', 'lost', 'api'), /CHECK/);
    assert.throws(() => insertPin.run('r3', 'queued', 'someone'), /CHECK/);
    // Running again on a migrated database changes nothing and keeps the rows.
    assert.equal(runMigrations(db, seedMigrations), 1);
    assert.equal((db.prepare('SELECT count(*) AS n FROM seed_pins').get() as { n: number }).n, 1);
  } finally {
    db.close();
  }
});
