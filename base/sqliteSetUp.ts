// Every Busker database is set up the same way once opened: a write-ahead log (readers never wait
// for the writer), a busy timeout for the moments two connections meet, the durability its rows
// need, then its migrations. A database whose set-up fails is closed, never left open.
import type { Database } from 'better-sqlite3';

export interface SqliteSetUp {
  /**
   * NORMAL: a power cut may lose the last transaction, never corrupt the file. FULL: a committed
   * transaction is on disk before the commit returns.
   */
  synchronous: 'NORMAL' | 'FULL';
  foreignKeys?: boolean;
  /** Further pragmas, run after the shared ones (`cache_size = -32000`). */
  pragmas?: readonly string[];
  /** Brings the schema up to date (the database's migrations). */
  migrate(db: Database): void;
}

/** Sets `db` up as `setUp` says and returns it; closes it and rethrows when any step fails. */
export function setUpSqlite<D extends Database>(db: D, setUp: SqliteSetUp): D {
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${setUp.synchronous}`);
    if (setUp.foreignKeys) db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    for (const pragma of setUp.pragmas ?? []) db.pragma(pragma);
    setUp.migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
