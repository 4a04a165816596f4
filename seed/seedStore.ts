/**
 * The seed's database: the pin requests it took and the CIDs the chain vouches for. One file,
 * `seed.sqlite` in the seed's folder, opened once by the seed process.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Migration } from '../base/migrationRunner';
import { migrateSqlite, userVersionMark } from '../base/migrationRunner';
import { setUpSqlite } from '../base/sqliteSetUp';
import { seedMigrations } from './migrations';

export type ContentKind = 'audio' | 'metadata' | 'cover';
export type PinState = 'queued' | 'pinning' | 'pinned' | 'failed';
export type PinSource = 'api' | 'catalogue';

export interface Vouched {
  cid: string;
  kind: ContentKind;
  artist: string;
  trackId: number;
}

export interface PinRecord {
  requestId: string;
  cid: string;
  name: string | null;
  origins: string[];
  meta: Record<string, string>;
  status: PinState;
  /** ISO 8601, as the Pinning Service API shows it. */
  created: string;
  kind: ContentKind;
  artist: string;
  bytes: number | null;
  reason: string | null;
  source: PinSource;
}

interface PinRow {
  request_id: string;
  cid: string;
  name: string | null;
  origins: string;
  meta: string;
  status: PinState;
  created: string;
  kind: ContentKind;
  artist: string;
  bytes: number | null;
  reason: string | null;
  source: PinSource;
}

function fromRow(row: PinRow): PinRecord {
  return {
    requestId: row.request_id,
    cid: row.cid,
    name: row.name,
    origins: JSON.parse(row.origins) as string[],
    meta: JSON.parse(row.meta) as Record<string, string>,
    status: row.status,
    created: row.created,
    kind: row.kind,
    artist: row.artist,
    bytes: row.bytes,
    reason: row.reason,
    source: row.source,
  };
}

export interface PinQuery {
  cids?: string[];
  name?: string;
  statuses: PinState[];
  before?: string;
  after?: string;
  limit: number;
}

/** A seed database written by a newer Busker than this one: opening it could lose its records. */
export class SeedSchemaTooNewError extends Error {
  readonly code = 'SEED_SCHEMA_TOO_NEW';

  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This seed's database was saved by a newer version of Busker (seed schema ${found}; this ` +
        `version reads up to ${supported}). Run the newer Busker that wrote it, or give the seed a new folder.`,
    );
    this.name = 'SeedSchemaTooNewError';
  }
}

/**
 * Brings a seed database up to the newest migration (or the last of `migrations`); returns the
 * version reached. Seeds released before the migrations table kept their version in `user_version`.
 */
export function migrateSeedSchema(
  db: Database.Database,
  migrations: readonly Migration[] = seedMigrations,
): number {
  return migrateSqlite(db, migrations, {
    releasedVersionMark: userVersionMark,
    tooNew: (found, supported) => new SeedSchemaTooNewError(found, supported),
  });
}

export class SeedStore {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SeedStore {
    return new SeedStore(
      setUpSqlite(new Database(file), { synchronous: 'NORMAL', migrate: (db) => migrateSeedSchema(db) }),
    );
  }

  vouched(cid: string): Vouched | undefined {
    const row = this.db
      .prepare('SELECT cid, kind, artist, track_id FROM seed_vouched WHERE cid = ?')
      .get(cid) as { cid: string; kind: ContentKind; artist: string; track_id: number } | undefined;
    return row && { cid: row.cid, kind: row.kind, artist: row.artist, trackId: row.track_id };
  }

  /** Records CIDs the chain vouches for; the first word on a CID stands. */
  vouch(entries: readonly Vouched[]): void {
    const insert = this.db.prepare(
      'INSERT INTO seed_vouched (cid, kind, artist, track_id) VALUES (?, ?, ?, ?) ON CONFLICT (cid) DO NOTHING',
    );
    this.db.transaction(() => {
      for (const entry of entries) insert.run(entry.cid, entry.kind, entry.artist, entry.trackId);
    })();
  }

  addPin(pin: Omit<PinRecord, 'requestId' | 'created' | 'status' | 'bytes' | 'reason'>): PinRecord {
    const record: PinRecord = {
      ...pin,
      requestId: randomUUID(),
      created: new Date().toISOString(),
      status: 'queued',
      bytes: null,
      reason: null,
    };
    this.db
      .prepare(
        `INSERT INTO seed_pins (request_id, cid, name, origins, meta, status, created, kind, artist, bytes, reason, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
      )
      .run(
        record.requestId,
        record.cid,
        record.name,
        JSON.stringify(record.origins),
        JSON.stringify(record.meta),
        record.status,
        record.created,
        record.kind,
        record.artist,
        record.source,
      );
    return record;
  }

  getPin(requestId: string): PinRecord | undefined {
    const row = this.db.prepare('SELECT * FROM seed_pins WHERE request_id = ?').get(requestId) as
      PinRow | undefined;
    return row && fromRow(row);
  }

  /** Every request naming `cid`: they share one pin on the node. */
  pinsOf(cid: string): PinRecord[] {
    return (this.db.prepare('SELECT * FROM seed_pins WHERE cid = ?').all(cid) as PinRow[]).map(fromRow);
  }

  findPins(query: PinQuery): { count: number; results: PinRecord[] } {
    const where: string[] = [`status IN (${query.statuses.map(() => '?').join(', ')})`];
    const args: (string | number)[] = [...query.statuses];
    if (query.cids && query.cids.length > 0) {
      where.push(`cid IN (${query.cids.map(() => '?').join(', ')})`);
      args.push(...query.cids);
    }
    if (query.name !== undefined) {
      where.push('name = ?');
      args.push(query.name);
    }
    if (query.before !== undefined) {
      where.push('created < ?');
      args.push(query.before);
    }
    if (query.after !== undefined) {
      where.push('created > ?');
      args.push(query.after);
    }
    const clause = where.join(' AND ');
    const { count } = this.db
      .prepare(`SELECT count(*) AS count FROM seed_pins WHERE ${clause}`)
      .get(...args) as {
      count: number;
    };
    const rows = this.db
      .prepare(`SELECT * FROM seed_pins WHERE ${clause} ORDER BY created DESC LIMIT ?`)
      .all(...args, query.limit) as PinRow[];
    return { count, results: rows.map(fromRow) };
  }

  /** Requests not yet settled, oldest first: what a restarted seed takes up again. */
  unsettledPins(): PinRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM seed_pins WHERE status IN ('queued', 'pinning') ORDER BY created")
      .all() as PinRow[];
    return rows.map(fromRow);
  }

  /** Whether the catalogue follower has its own request for `cid`. */
  followsCid(cid: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM seed_pins WHERE cid = ? AND source = 'catalogue' LIMIT 1").get(cid) !==
      undefined
    );
  }

  /** The follower's failed requests, queued again (the content may have a reachable peer by now). */
  requeueFailedCataloguePins(): PinRecord[] {
    const rows = this.db
      .prepare(
        "UPDATE seed_pins SET status = 'queued', reason = NULL WHERE source = 'catalogue' AND status = 'failed' RETURNING *",
      )
      .all() as PinRow[];
    return rows.map(fromRow);
  }

  settle(requestId: string, status: PinState, details: { bytes?: number; reason?: string } = {}): void {
    this.db
      .prepare('UPDATE seed_pins SET status = ?, bytes = coalesce(?, bytes), reason = ? WHERE request_id = ?')
      .run(status, details.bytes ?? null, details.reason ?? null, requestId);
  }

  removePin(requestId: string): void {
    this.db.prepare('DELETE FROM seed_pins WHERE request_id = ?').run(requestId);
  }

  /** Bytes pinned for one artist (each CID counted once), for the per-artist quota. */
  artistBytes(artist: string): number {
    const row = this.db
      .prepare(
        "SELECT coalesce(sum(bytes), 0) AS total FROM (SELECT DISTINCT cid, bytes FROM seed_pins WHERE artist = ? AND status = 'pinned')",
      )
      .get(artist) as { total: number };
    return row.total;
  }

  countsByStatus(): Record<PinState, number> {
    const counts: Record<PinState, number> = { queued: 0, pinning: 0, pinned: 0, failed: 0 };
    for (const row of this.db
      .prepare('SELECT status, count(*) AS n FROM seed_pins GROUP BY status')
      .all() as {
      status: PinState;
      n: number;
    }[]) {
      counts[row.status] = row.n;
    }
    return counts;
  }

  close(): void {
    this.db.close();
  }
}
