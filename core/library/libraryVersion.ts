/**
 * A token that changes with every write to the library file, by this connection (total_changes)
 * or another (data_version), for keeping what was read from it until it changes.
 */
import type { Database, Statement } from 'better-sqlite3';

const statements = new WeakMap<Database, Statement<[], unknown[]>>();

/** Null inside a transaction: a rollback undoes a write there without changing the token. */
export function libraryVersion(db: Database): string | null {
  if (db.inTransaction) return null;
  let statement = statements.get(db);
  if (!statement) {
    statement = db
      .prepare<[], unknown[]>('SELECT total_changes(), (SELECT data_version FROM pragma_data_version)')
      .raw();
    statements.set(db, statement);
  }
  const [changes, version] = statement.get() as [number, number];
  return `${changes}.${version}`;
}
