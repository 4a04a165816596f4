import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { migrateSeedSchema, SeedSchemaTooNewError, SeedStore } from '../seedStore';
import { seedMigrations } from './index';

test('001 seed: pin requests and vouched CIDs, with their states checked', () => {
  const db = new Database(':memory:');
  try {
    assert.equal(migrateSeedSchema(db), 1);
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
    assert.equal(migrateSeedSchema(db), 1);
    assert.equal((db.prepare('SELECT count(*) AS n FROM seed_pins').get() as { n: number }).n, 1);
    assert.deepEqual(db.prepare('SELECT version, name FROM schema_migrations').all(), [
      { version: 1, name: 'seed' },
    ]);
  } finally {
    db.close();
  }
});

test('a seed database from before the migrations table keeps its pins and is recorded at version 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-seed-released-'));
  try {
    const file = join(dir, 'seed.sqlite');
    const released = new Database(file);
    for (const statement of seedMigrations[0]!.statements) released.exec(statement);
    released.pragma('user_version = 1');
    released.prepare("INSERT INTO seed_vouched VALUES ('bafy1', 'audio', '0xA', 7)").run();
    released.close();

    const store = SeedStore.open(file);
    try {
      assert.deepEqual(store.vouched('bafy1'), { cid: 'bafy1', kind: 'audio', artist: '0xA', trackId: 7 });
    } finally {
      store.close();
    }
    const db = new Database(file);
    try {
      assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').pluck().all(), [1]);
    } finally {
      db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a seed database from a newer Busker is refused and left as it was', () => {
  const db = new Database(':memory:');
  try {
    db.pragma('user_version = 2');
    assert.throws(
      () => migrateSeedSchema(db),
      (error: unknown) =>
        error instanceof SeedSchemaTooNewError &&
        error.code === 'SEED_SCHEMA_TOO_NEW' &&
        error.found === 2 &&
        /newer version of Busker/.test(error.message),
    );
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    assert.deepEqual(tables, [], 'nothing was created');
  } finally {
    db.close();
  }
});
