import { join } from 'node:path';
import type { KeyStore } from './keyStore';
import { openPostgresKeyStore } from './postgresKeyStore';
import { openSqliteKeyStore } from './sqliteKeyStore';

export interface KeyStoreLocation {
  /** postgres://… selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export const sqliteFileName = 'keyserver.sqlite';

/** Opens the configured backend, migrated to the latest schema. */
export async function openKeyStore(location: KeyStoreLocation): Promise<KeyStore> {
  if (location.databaseUrl) return openPostgresKeyStore(location.databaseUrl);
  return openSqliteKeyStore(join(location.dataDir, sqliteFileName));
}
