/**
 * One numbered schema change. The SQL is written once, in the dialect SQLite and PostgreSQL
 * share (TEXT, BIGINT, INTEGER, composite primary keys, ON CONFLICT), and runs on both backends.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}
