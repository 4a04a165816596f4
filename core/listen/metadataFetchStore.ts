// What Busker knows about fetching each catalogue track's metadata (migration 004): saved,
// hidden (retired and never unlocked), invalid (the bytes at that CID will never change), or
// unreachable (retried with backoff), with the reason in words.
import type { Database, Statement } from 'better-sqlite3';
import type { OnChainTrack } from '../unlock/onChainTrack';
import { normalizeOnChainTrack } from '../unlock/onChainTrack';

export type MetadataFetchStatus = 'saved' | 'unreachable' | 'invalid' | 'hidden';

export interface MetadataFetch {
  track: OnChainTrack;
  metadataCid: string;
  status: MetadataFetchStatus;
  reason: string | null;
  attempts: number;
  nextAttemptAt: number | null;
  updatedAt: number;
}

interface FetchRow {
  chain_id: number;
  artist: string;
  chain_track_id: number;
  metadata_cid: string;
  status: MetadataFetchStatus;
  reason: string | null;
  attempts: number;
  next_attempt_at: number | null;
  updated_at: number;
}

function fetchFromRow(row: FetchRow): MetadataFetch {
  return {
    track: { chainId: row.chain_id, artist: row.artist, trackId: row.chain_track_id },
    metadataCid: row.metadata_cid,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    updatedAt: row.updated_at,
  };
}

export class MetadataFetchStore {
  private readonly statements: {
    get: Statement<[number, string, number], FetchRow>;
    put: Statement<[number, string, number, string, string, string | null, number, number | null, number]>;
    list: Statement<[number], FetchRow>;
  };

  constructor(db: Database) {
    this.statements = {
      get: db.prepare<[number, string, number], FetchRow>(
        'SELECT * FROM catalogue_metadata_fetches WHERE chain_id = ? AND artist = ? AND chain_track_id = ?',
      ),
      put: db.prepare(
        `INSERT INTO catalogue_metadata_fetches
           (chain_id, artist, chain_track_id, metadata_cid, status, reason, attempts, next_attempt_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chain_id, artist, chain_track_id) DO UPDATE SET metadata_cid = excluded.metadata_cid,
           status = excluded.status, reason = excluded.reason, attempts = excluded.attempts,
           next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at`,
      ),
      list: db.prepare<[number], FetchRow>(
        'SELECT * FROM catalogue_metadata_fetches WHERE chain_id = ? ORDER BY artist, chain_track_id',
      ),
    };
  }

  get(track: OnChainTrack): MetadataFetch | undefined {
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    const row = this.statements.get.get(chainId, artist, trackId);
    return row && fetchFromRow(row);
  }

  put(fetch: Omit<MetadataFetch, 'updatedAt'>, now: number): void {
    const { chainId, artist, trackId } = normalizeOnChainTrack(fetch.track);
    this.statements.put.run(
      chainId,
      artist,
      trackId,
      fetch.metadataCid,
      fetch.status,
      fetch.reason,
      fetch.attempts,
      fetch.nextAttemptAt,
      now,
    );
  }

  list(chainId: number): MetadataFetch[] {
    return this.statements.list.all(chainId).map(fetchFromRow);
  }
}
