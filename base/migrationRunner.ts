// The one way a Busker database's schema moves on: numbered migrations, each recorded as a row
// of a migrations table once it has run (Signal's ts/sql/migrations, the key server's from day one).
import type { Database } from 'better-sqlite3';

/**
 * One numbered schema change. The SQL is plain statements, so the key server's migrations run
 * unchanged on SQLite and PostgreSQL (TEXT, BIGINT, INTEGER, composite keys, ON CONFLICT).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * Where a release from before this runner read the schema version (`PRAGMA user_version`, or a
 * table of its own). It seeds the migrations table once, then is kept in step with it, so such a
 * release still refuses a database a newer Busker has moved on.
 */
export interface ReleasedVersionMark {
  read(db: Database): number;
  write(db: Database, version: number): void;
}

/** The library's and the publish jobs' mark: SQLite's `user_version` header field. */
export const userVersionMark: ReleasedVersionMark = {
  read: (db) => db.pragma('user_version', { simple: true }) as number,
  write: (db, version) => db.pragma(`user_version = ${Math.trunc(version)}`),
};

export interface MigrateOptions {
  /** What to throw when the database was written by a newer version than `migrations` reach. */
  tooNew(found: number, supported: number): Error;
  /** The table applied migrations are recorded in; two schemas sharing one file need two. */
  table?: string;
  /** Stop at this version (tests build older databases); defaults to the last migration's. */
  target?: number;
  releasedVersionMark?: ReleasedVersionMark;
}

const defaultTable = 'schema_migrations';

/** The migrations table, in the SQL SQLite and PostgreSQL share. */
export function createMigrationsTableSql(table: string = defaultTable): string {
  assertTableName(table);
  return `CREATE TABLE IF NOT EXISTS ${table} (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;
}

/** The newest version `migrations` reach (0 for none). */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Brings a SQLite database up to the newest migration (or `target`), one immediate transaction
 * per migration, so a crash between two leaves a consistent database and two processes opening
 * it at once apply each migration once. Returns the version reached.
 */
export function migrateSqlite(
  db: Database,
  migrations: readonly Migration[],
  options: MigrateOptions,
): number {
  const table = options.table ?? defaultTable;
  const latest = latestVersion(migrations);
  const target = Math.min(options.target ?? latest, latest);
  const { releasedVersionMark: mark } = options;
  const currentVersion = () =>
    db.prepare<[], number>(`SELECT COALESCE(MAX(version), 0) FROM ${table}`).pluck().get() ?? 0;
  const record = () => db.prepare(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`);

  const current = db
    .transaction(() => {
      db.exec(createMigrationsTableSql(table));
      const recorded = currentVersion();
      // A database from before this runner: its released mark says which migrations it holds.
      const found = recorded > 0 || !mark ? recorded : mark.read(db);
      // Thrown inside the transaction, so a newer database is left exactly as it was found.
      if (found > latest) throw options.tooNew(found, latest);
      if (found > recorded) {
        const insert = record();
        for (const migration of migrations) {
          if (migration.version <= found) insert.run(migration.version, migration.name, Date.now());
        }
      }
      return found;
    })
    .immediate();

  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      if (currentVersion() >= migration.version) return; // another process got here first
      for (const statement of migration.statements) db.exec(statement);
      record().run(migration.version, migration.name, Date.now());
      mark?.write(db, migration.version);
    }).immediate();
  }
  return Math.max(current, target);
}

function assertTableName(table: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`Not a migrations table name: ${table}`);
}
