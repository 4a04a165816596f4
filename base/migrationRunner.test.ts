import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Migration } from './migrationRunner';
import { migrateSqlite, userVersionMark } from './migrationRunner';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'notes',
    statements: ['CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)'],
  },
  { version: 2, name: 'note tags', statements: ['ALTER TABLE notes ADD COLUMN tag TEXT'] },
  {
    version: 3,
    name: 'note index',
    statements: [
      'CREATE INDEX notes_by_tag ON notes(tag)',
      "UPDATE notes SET tag = 'untagged' WHERE tag IS NULL",
    ],
  },
];

class TooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`too new: ${found} > ${supported}`);
  }
}
const tooNew = (found: number, supported: number) => new TooNewError(found, supported);

function applied(
  db: Database.Database,
  table = 'schema_migrations',
): Array<{ version: number; name: string }> {
  return db.prepare(`SELECT version, name FROM ${table} ORDER BY version`).all() as Array<{
    version: number;
    name: string;
  }>;
}

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-migration-runner-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('migrateSqlite', () => {
  test('applies every migration in order to an empty database and records each one', () => {
    const db = new Database(':memory:');
    assert.equal(migrateSqlite(db, migrations, { tooNew }), 3);
    assert.deepEqual(
      applied(db).map((row) => row.version),
      [1, 2, 3],
    );
    assert.equal(migrateSqlite(db, migrations, { tooNew }), 3, 'a second run applies nothing');
    assert.equal(applied(db).length, 3);
    db.close();
  });

  test('stops at a target version, then carries the rows it holds through the rest', () => {
    const db = new Database(':memory:');
    assert.equal(migrateSqlite(db, migrations, { tooNew, target: 1 }), 1);
    db.prepare("INSERT INTO notes (text) VALUES ('kept')").run();
    assert.equal(migrateSqlite(db, migrations, { tooNew }), 3);
    assert.deepEqual(db.prepare('SELECT text, tag FROM notes').get(), { text: 'kept', tag: 'untagged' });
    db.close();
  });

  test('a migration that fails is rolled back whole, and the ones before it stay applied', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 4,
      name: 'broken',
      statements: ['CREATE TABLE half_done (id INTEGER)', 'INSERT INTO no_such_table VALUES (1)'],
    };
    assert.throws(() => migrateSqlite(db, [...migrations, broken], { tooNew }), /no such table/);
    assert.deepEqual(
      applied(db).map((row) => row.version),
      [1, 2, 3],
    );
    const halfDone = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get();
    assert.equal(halfDone, 0);
    db.close();
  });

  test('refuses a database written by a newer version and leaves it untouched', () => {
    const db = new Database(':memory:');
    migrateSqlite(db, migrations, { tooNew });
    db.prepare("INSERT INTO schema_migrations VALUES (9, 'future', 0)").run();
    assert.throws(
      () => migrateSqlite(db, migrations, { tooNew }),
      (error: unknown) => error instanceof TooNewError && error.found === 9 && error.supported === 3,
    );
    db.close();
  });

  test('a database from before the runner: its user_version seeds the table, then moves in step', () => {
    const file = join(workDir, 'released.sqlite');
    const released = new Database(file);
    // What a release recording only `user_version` left behind: migrations 1 and 2, and a row.
    for (const migration of migrations.slice(0, 2))
      for (const sql of migration.statements) released.exec(sql);
    released.prepare("INSERT INTO notes (text, tag) VALUES ('from the release', 'old')").run();
    released.pragma('user_version = 2');
    released.close();

    const db = new Database(file);
    assert.equal(migrateSqlite(db, migrations, { tooNew, releasedVersionMark: userVersionMark }), 3);
    assert.deepEqual(applied(db), [
      { version: 1, name: 'notes' },
      { version: 2, name: 'note tags' },
      { version: 3, name: 'note index' },
    ]);
    assert.equal(db.pragma('user_version', { simple: true }), 3, 'a release still sees the version');
    assert.deepEqual(db.prepare('SELECT text, tag FROM notes').get(), {
      text: 'from the release',
      tag: 'old',
    });
    db.close();
  });

  test('a released mark newer than every migration is refused before anything is written', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 7');
    assert.throws(
      () => migrateSqlite(db, migrations, { tooNew, releasedVersionMark: userVersionMark }),
      (error: unknown) => error instanceof TooNewError && error.found === 7,
    );
    const table = db
      .prepare("SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'")
      .pluck()
      .get();
    assert.equal(table, 0);
    db.close();
  });

  test('two schemas share one file through two tables, each with its own versions', () => {
    const db = new Database(':memory:');
    const other: Migration[] = [
      { version: 1, name: 'other', statements: ['CREATE TABLE other (id INTEGER)'] },
    ];
    migrateSqlite(db, migrations, { tooNew });
    assert.equal(migrateSqlite(db, other, { tooNew, table: 'other_migrations' }), 1);
    assert.equal(applied(db).length, 3);
    assert.deepEqual(applied(db, 'other_migrations'), [{ version: 1, name: 'other' }]);
    assert.throws(() => migrateSqlite(db, other, { tooNew, table: 'x; DROP TABLE notes' }), /table name/);
    db.close();
  });
});
