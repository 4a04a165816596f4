// The default backend: one SQLite file (WAL), for a single key server instance.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyStore, SealedRow, StoredIdentity, TrackRef } from './keyStore';
import { KeyStoreError } from './keyStore';
import { migrateSqlite } from '../../base/migrationRunner';
import { setUpSqlite } from '../../base/sqliteSetUp';
import { latestSchemaVersion, migrations } from './migrations';
import { startWalCheckpointThread } from './walCheckpointThread';
import type { WalCheckpointThread } from './walCheckpointThread';

export interface SqliteKeyStoreOptions {
  /** Stop migrating at this version (migration tests build older databases); defaults to the latest. */
  schemaVersion?: number;
  /** How often the write-ahead log is checkpointed, off the request path (walCheckpointThread.ts). */
  checkpointIntervalMs?: number;
}

interface IdentityRow {
  sealed_private_key: string;
  public_key: string;
}

interface ContentKeyRow {
  chain_id: number;
  artist: string;
  track_id: string;
  sealed_key: string;
}

/** Opens (creating if needed, in a folder only this user can read) and migrates the database at `file`. */
export function openSqliteKeyStore(file: string, options: SqliteKeyStoreOptions = {}): KeyStore {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = setUpSqlite(new Database(file), {
    // A committed nonce survives a crash of this process; only deposits also wait for the disk
    // (see putContentKey), so each unlock does not pay for an fsync.
    synchronous: 'NORMAL',
    migrate: (opened) =>
      migrateSqlite(opened, migrations, {
        target: options.schemaVersion ?? latestSchemaVersion,
        tooNew: (found, supported) =>
          new KeyStoreError(
            'SCHEMA_TOO_NEW',
            `This key server database is at schema version ${found}, newer than this key server knows ` +
              `(${supported}). Run the newer key server that wrote it.`,
          ),
      }),
  });
  return new SqliteKeyStore(db, startWalCheckpointThread(db, file, options.checkpointIntervalMs));
}

const sql = {
  loadIdentity: 'SELECT sealed_private_key, public_key FROM server_identity WHERE id = 1',
  insertIdentity: `INSERT INTO server_identity (id, sealed_private_key, public_key, created_at) VALUES (1, ?, ?, ?)
    ON CONFLICT (id) DO NOTHING`,
  putKey: `INSERT INTO content_keys (chain_id, artist, track_id, sealed_key, deposited_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (chain_id, artist, track_id)
    DO UPDATE SET sealed_key = excluded.sealed_key, deposited_at = excluded.deposited_at`,
  getKey: 'SELECT sealed_key FROM content_keys WHERE chain_id = ? AND artist = ? AND track_id = ?',
  countKeys: 'SELECT COUNT(*) FROM content_keys',
  recordNonce: `INSERT INTO used_nonces (signer, nonce, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (signer, nonce) DO NOTHING`,
  pruneNonces: 'DELETE FROM used_nonces WHERE expires_at < ?',
  updateIdentity: 'UPDATE server_identity SET sealed_private_key = ? WHERE id = 1',
  allKeys: 'SELECT chain_id, artist, track_id, sealed_key FROM content_keys',
  updateKey: 'UPDATE content_keys SET sealed_key = ? WHERE chain_id = ? AND artist = ? AND track_id = ?',
} as const;

/** How many tracks' sealed keys are kept in memory (~100 bytes each). */
const maxRememberedKeys = 4096;

const trackKey = (track: TrackRef): string => `${track.chainId}:${track.artist}:${track.trackId}`;

/** A nonce waiting for this turn's transaction (writePendingNonces). */
interface PendingNonce {
  signer: string;
  nonce: string;
  expiresAt: number;
  settle(recorded: boolean): void;
  fail(error: unknown): void;
}

class SqliteKeyStore implements KeyStore {
  readonly backend = 'sqlite';
  private pendingNonces: PendingNonce[] = [];
  /**
   * Sealed content keys read or written through this store, by track: an unlock reads its track's
   * key without a database read (~15 µs). Only this process writes the file (one instance per
   * SQLite database), and a sealed key is as safe in memory as in the file.
   */
  private readonly sealedKeys = new Map<string, Buffer>();
  /** Statements are compiled on first use: an older schema (migration tests) lacks some tables. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly checkpoints: WalCheckpointThread,
  ) {}

  private statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async loadIdentity(): Promise<StoredIdentity | null> {
    const row = this.statement(sql.loadIdentity).get() as IdentityRow | undefined;
    return row ? identityFromRow(row) : null;
  }

  async saveIdentityIfAbsent(identity: StoredIdentity): Promise<StoredIdentity> {
    this.statement(sql.insertIdentity).run(
      identity.sealedPrivateKey.toString('base64'),
      identity.publicKey.toString('base64'),
      Date.now(),
    );
    const stored = await this.loadIdentity();
    if (!stored) throw new Error('The server identity was not stored.');
    return stored;
  }

  async putContentKey(track: TrackRef, sealedKey: Buffer, depositedAtMs: number): Promise<void> {
    // A deposited key must survive a power cut, not only a crash: wait for the disk this once.
    this.db.pragma('synchronous = FULL');
    try {
      this.statement(sql.putKey).run(
        track.chainId,
        track.artist,
        track.trackId,
        sealedKey.toString('base64'),
        depositedAtMs,
      );
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    this.rememberSealedKey(trackKey(track), Buffer.from(sealedKey));
  }

  async getContentKey(track: TrackRef): Promise<Buffer | null> {
    const key = trackKey(track);
    const remembered = this.sealedKeys.get(key);
    if (remembered) return Buffer.from(remembered);
    const row = this.statement(sql.getKey).get(track.chainId, track.artist, track.trackId) as
      { sealed_key: string } | undefined;
    if (!row) return null;
    const sealed = Buffer.from(row.sealed_key, 'base64');
    this.rememberSealedKey(key, sealed);
    return Buffer.from(sealed);
  }

  /** Keeps `sealed` for the track, forgetting the longest-kept key once `maxRememberedKeys` are kept. */
  private rememberSealedKey(key: string, sealed: Buffer): void {
    this.sealedKeys.delete(key);
    const oldest = this.sealedKeys.keys().next();
    if (this.sealedKeys.size >= maxRememberedKeys && !oldest.done) this.sealedKeys.delete(oldest.value);
    this.sealedKeys.set(key, sealed);
  }

  async countContentKeys(): Promise<number> {
    return this.statement(sql.countKeys).pluck().get() as number;
  }

  recordNonce(signer: string, nonce: string, expiresAt: number): Promise<boolean> {
    return new Promise((settle, fail) => {
      const waiting = this.pendingNonces.push({ signer, nonce, expiresAt, settle, fail });
      if (waiting === 1) setImmediate(() => this.writePendingNonces());
    });
  }

  /**
   * Writes every nonce asked for in this turn of the event loop in one transaction: the commit is
   * most of what an insert costs, so many clients' nonces share one. Each caller is answered only
   * once that transaction has committed, so no key leaves before its nonce is in the database; if
   * the transaction fails, every caller in it fails, and none of their nonces was recorded.
   */
  private writePendingNonces(): void {
    const batch = this.pendingNonces;
    if (batch.length === 0) return;
    this.pendingNonces = [];
    let recorded: boolean[];
    try {
      // Compiled in here: a database without the nonce table (an older schema) fails every caller.
      const insert = this.statement(sql.recordNonce);
      const record = ({ signer, nonce, expiresAt }: PendingNonce): boolean =>
        insert.run(signer, nonce, expiresAt).changes === 1;
      // One alone commits on its own, without the cost of BEGIN and COMMIT.
      recorded =
        batch.length === 1 ? batch.map(record) : this.db.transaction(() => batch.map(record)).immediate();
    } catch (error) {
      for (const pending of batch) pending.fail(error);
      return;
    }
    batch.forEach((pending, index) => pending.settle(recorded[index] === true));
  }

  async pruneNonces(before: number): Promise<number> {
    return this.statement(sql.pruneNonces).run(before).changes;
  }

  async rewrapAll(rewrap: (sealed: Buffer, row: SealedRow) => Buffer): Promise<number> {
    // Every key kept in memory is sealed under the old master key; the rows are read again.
    this.sealedKeys.clear();
    return this.db
      .transaction(() => {
        let rows = 0;
        const identity = this.statement(sql.loadIdentity).get() as IdentityRow | undefined;
        if (identity) {
          const rewrapped = rewrap(Buffer.from(identity.sealed_private_key, 'base64'), { kind: 'identity' });
          this.statement(sql.updateIdentity).run(rewrapped.toString('base64'));
          rows += 1;
        }
        for (const key of this.statement(sql.allKeys).all() as ContentKeyRow[]) {
          const track = { chainId: Number(key.chain_id), artist: key.artist, trackId: key.track_id };
          const rewrapped = rewrap(Buffer.from(key.sealed_key, 'base64'), { kind: 'contentKey', track });
          this.statement(sql.updateKey).run(
            rewrapped.toString('base64'),
            key.chain_id,
            key.artist,
            key.track_id,
          );
          rows += 1;
        }
        return rows;
      })
      .immediate();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.writePendingNonces();
    await this.checkpoints.stop();
    // The last connection to close checkpoints what is left of the log.
    if (this.db.open) this.db.close();
  }
}

function identityFromRow(row: IdentityRow): StoredIdentity {
  return {
    sealedPrivateKey: Buffer.from(row.sealed_private_key, 'base64'),
    publicKey: Buffer.from(row.public_key, 'base64'),
  };
}
