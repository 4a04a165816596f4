import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { setUpSqlite } from './sqliteSetUp';

const dir = mkdtempSync(join(tmpdir(), 'busker-sqlite-set-up-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('sets the shared pragmas, the asked durability and extras, then migrates', () => {
  const db = setUpSqlite(new Database(join(dir, 'set-up.sqlite')), {
    synchronous: 'FULL',
    foreignKeys: true,
    pragmas: ['cache_size = -1234'],
    migrate: (opened) => opened.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)'),
  });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
    assert.equal(db.pragma('cache_size', { simple: true }), -1234);
    assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'notes'").get());
  } finally {
    db.close();
  }
});

test('closes the database when its migration fails', () => {
  const db = new Database(join(dir, 'failing.sqlite'));
  assert.throws(
    () =>
      setUpSqlite(db, {
        synchronous: 'NORMAL',
        migrate: () => {
          throw new Error('schema too new');
        },
      }),
    /schema too new/,
  );
  assert.equal(db.open, false);
});
