// The PostgreSQL backend: several key server instances behind a load balancer share one database,
// so a key deposited through one is served by all, and a nonce used at one is refused by all.
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { KeyStore, SealedRow, StoredIdentity, TrackRef } from './keyStore';
import { KeyStoreError } from './keyStore';
import { createMigrationsTable, latestSchemaVersion, migrations } from './migrations';
import { asStoreUnavailable, isConnectionFailure } from './postgresConnectionFailure';

export interface PostgresKeyStoreOptions {
  /** Stop migrating at this version (migration tests build older databases); defaults to the latest. */
  schemaVersion?: number;
  /** Connections in the pool; defaults to 10. */
  maxConnections?: number;
}

/** A database that does not let a new connection in within this is treated as down. */
const connectTimeoutMs = 3_000;
/** A query that the database has not answered within this fails: a hung database costs seconds. */
const queryTimeoutMs = 5_000;

/** Any number to serialise migrations across instances starting at once (pg_advisory_xact_lock). */
const migrationLockId = 0x6b657973; // "keys"

interface IdentityRow {
  sealed_private_key: string;
  public_key: string;
}

interface ContentKeyRow {
  chain_id: string;
  artist: string;
  track_id: string;
  sealed_key: string;
}

/** Connects to `databaseUrl` (postgres://…), migrates, and returns the store. */
export async function openPostgresKeyStore(
  databaseUrl: string,
  options: PostgresKeyStoreOptions = {},
): Promise<KeyStore> {
  // Migrations run on a connection of their own, without the serving pool's query deadline: a
  // migration over a large table may rightly take longer.
  const migrator = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  migrator.on('error', () => undefined);
  try {
    await migrator.connect();
    await inTransaction(migrator, (client) =>
      migratePostgres(client, options.schemaVersion ?? latestSchemaVersion),
    );
  } catch (error) {
    if (error instanceof KeyStoreError) throw error;
    throw new KeyStoreError(
      'STORE_UNAVAILABLE',
      `Cannot open the PostgreSQL key store at ${describeDatabase(databaseUrl)}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await migrator.end().catch(() => undefined);
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return new PostgresKeyStore(pool);
}

/** The URL without its password, for messages. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the configured database';
  }
}

async function migratePostgres(client: pg.ClientBase, target: number): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockId]);
  await client.query(createMigrationsTable);
  const result = await client.query<{ version: number }>(
    'SELECT COALESCE(MAX(version), 0)::int AS version FROM schema_migrations',
  );
  const current = result.rows[0]?.version ?? 0;
  if (current > latestSchemaVersion) {
    throw new KeyStoreError(
      'SCHEMA_TOO_NEW',
      `This key server database is at schema version ${current}, newer than this key server knows ` +
        `(${latestSchemaVersion}). Run the newer key server that wrote it.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    for (const statement of migration.statements) await client.query(statement);
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      Date.now(),
    ]);
  }
}

/** Runs `work` in one transaction on `client` (a pool's is released after, with any failure). */
async function inTransaction<T>(
  connection: pg.Pool | pg.Client,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  const client = connection instanceof pg.Pool ? await connection.connect() : connection;
  let failure: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A client whose connection failed is dropped rather than handed to the next request.
    if ('release' in client) (client as PoolClient).release(isConnectionFailure(failure));
  }
}

class PostgresKeyStore implements KeyStore {
  readonly backend = 'postgres';
  private closed: Promise<void> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  /** Every query goes through here, so a database that is down is always STORE_UNAVAILABLE. */
  private async query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(text, values);
    } catch (error) {
      throw asStoreUnavailable(error);
    }
  }

  async loadIdentity(): Promise<StoredIdentity | null> {
    const { rows } = await this.query<IdentityRow>(
      'SELECT sealed_private_key, public_key FROM server_identity WHERE id = 1',
    );
    return rows[0] ? identityFromRow(rows[0]) : null;
  }

  async saveIdentityIfAbsent(identity: StoredIdentity): Promise<StoredIdentity> {
    await this.query(
      `INSERT INTO server_identity (id, sealed_private_key, public_key, created_at) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO NOTHING`,
      [identity.sealedPrivateKey.toString('base64'), identity.publicKey.toString('base64'), Date.now()],
    );
    const stored = await this.loadIdentity();
    if (!stored) throw new Error('The server identity was not stored.');
    return stored;
  }

  async putContentKey(track: TrackRef, sealedKey: Buffer, depositedAtMs: number): Promise<void> {
    await this.query(
      `INSERT INTO content_keys (chain_id, artist, track_id, sealed_key, deposited_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain_id, artist, track_id)
       DO UPDATE SET sealed_key = excluded.sealed_key, deposited_at = excluded.deposited_at`,
      [track.chainId, track.artist, track.trackId, sealedKey.toString('base64'), depositedAtMs],
    );
  }

  async getContentKey(track: TrackRef): Promise<Buffer | null> {
    const { rows } = await this.query<{ sealed_key: string }>(
      'SELECT sealed_key FROM content_keys WHERE chain_id = $1 AND artist = $2 AND track_id = $3',
      [track.chainId, track.artist, track.trackId],
    );
    return rows[0] ? Buffer.from(rows[0].sealed_key, 'base64') : null;
  }

  async countContentKeys(): Promise<number> {
    const { rows } = await this.query<{ count: number }>('SELECT COUNT(*)::int AS count FROM content_keys');
    return rows[0]?.count ?? 0;
  }

  async recordNonce(signer: string, nonce: string, expiresAt: number): Promise<boolean> {
    const result = await this.query(
      `INSERT INTO used_nonces (signer, nonce, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (signer, nonce) DO NOTHING`,
      [signer, nonce, expiresAt],
    );
    return result.rowCount === 1;
  }

  async pruneNonces(before: number): Promise<number> {
    const result = await this.query('DELETE FROM used_nonces WHERE expires_at < $1', [before]);
    return result.rowCount ?? 0;
  }

  async rewrapAll(rewrap: (sealed: Buffer, row: SealedRow) => Buffer): Promise<number> {
    const rewrapped = inTransaction(this.pool, async (client) => {
      let rows = 0;
      const identity = await client.query<IdentityRow>(
        'SELECT sealed_private_key, public_key FROM server_identity WHERE id = 1 FOR UPDATE',
      );
      const identityRow = identity.rows[0];
      if (identityRow) {
        const rewrapped = rewrap(Buffer.from(identityRow.sealed_private_key, 'base64'), { kind: 'identity' });
        await client.query('UPDATE server_identity SET sealed_private_key = $1 WHERE id = 1', [
          rewrapped.toString('base64'),
        ]);
        rows += 1;
      }
      const keys = await client.query<ContentKeyRow>(
        'SELECT chain_id, artist, track_id, sealed_key FROM content_keys FOR UPDATE',
      );
      for (const key of keys.rows) {
        const track = { chainId: Number(key.chain_id), artist: key.artist, trackId: key.track_id };
        const rewrapped = rewrap(Buffer.from(key.sealed_key, 'base64'), { kind: 'contentKey', track });
        await client.query(
          'UPDATE content_keys SET sealed_key = $1 WHERE chain_id = $2 AND artist = $3 AND track_id = $4',
          [rewrapped.toString('base64'), key.chain_id, key.artist, key.track_id],
        );
        rows += 1;
      }
      return rows;
    });
    return rewrapped.catch((error: unknown) => {
      throw asStoreUnavailable(error);
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }
}

function identityFromRow(row: IdentityRow): StoredIdentity {
  return {
    sealedPrivateKey: Buffer.from(row.sealed_private_key, 'base64'),
    publicKey: Buffer.from(row.public_key, 'base64'),
  };
}
