// Unlock jobs in the library database: one row per track and listener, moved forward one
// state at a time so a restart knows where "Tip & unlock" got to (migration 004).
import type { Database, Statement } from 'better-sqlite3';
import type { OnChainTrack } from '../unlock/onChainTrack';
import { normalizeOnChainTrack } from '../unlock/onChainTrack';

/**
 * tipping → tipSent → confirming → fetchingKey → ready, or failed (with a reason in words).
 * A track the listener could already unlock on chain goes from tipping straight to fetchingKey.
 */
export type UnlockState = 'tipping' | 'tipSent' | 'confirming' | 'fetchingKey' | 'ready' | 'failed';

export interface UnlockJobRecord {
  track: OnChainTrack;
  /** Lower-case 0x-hex. */
  listener: string;
  state: UnlockState;
  /** Wei. */
  amount: bigint;
  tipHash: string | null;
  /** A tip of this job was mined, or the listener had access on chain: never tip again. */
  paid: boolean;
  failureReason: string | null;
  createdAt: number;
  updatedAt: number;
}

interface JobRow {
  chain_id: number;
  artist: string;
  chain_track_id: number;
  listener: string;
  state: UnlockState;
  amount: string;
  tip_hash: string | null;
  paid: number;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
}

function jobFromRow(row: JobRow): UnlockJobRecord {
  return {
    track: { chainId: row.chain_id, artist: row.artist, trackId: row.chain_track_id },
    listener: row.listener,
    state: row.state,
    amount: BigInt(row.amount),
    tipHash: row.tip_hash,
    paid: row.paid === 1,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface JobUpdate {
  state: UnlockState;
  tipHash?: string | null;
  paid?: boolean;
  failureReason?: string | null;
  amount?: bigint;
}

type Key = [number, string, number, string];

export class UnlockJobStore {
  private readonly statements: {
    get: Statement<Key, JobRow>;
    insert: Statement<[number, string, number, string, string, number, number]>;
    update: Statement<[string, string, string | null, number, string | null, number, ...Key]>;
    open: Statement<[number, string], JobRow>;
  };

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
  ) {
    const key = 'chain_id = ? AND artist = ? AND chain_track_id = ? AND listener = ?';
    this.statements = {
      get: db.prepare<Key, JobRow>(`SELECT * FROM unlock_jobs WHERE ${key}`),
      insert: db.prepare(
        `INSERT INTO unlock_jobs (chain_id, artist, chain_track_id, listener, state, amount, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'tipping', ?, ?, ?)`,
      ),
      update: db.prepare(
        `UPDATE unlock_jobs SET state = ?, amount = ?, tip_hash = ?, paid = ?, failure_reason = ?, updated_at = ?
         WHERE ${key}`,
      ),
      open: db.prepare<[number, string], JobRow>(
        `SELECT * FROM unlock_jobs WHERE chain_id = ? AND listener = ? AND state NOT IN ('ready', 'failed')
         ORDER BY created_at`,
      ),
    };
  }

  get(track: OnChainTrack, listener: string): UnlockJobRecord | undefined {
    const row = this.statements.get.get(...keyOf(track, listener));
    return row && jobFromRow(row);
  }

  /** The job for this track and listener, created in `tipping` when there is none. */
  getOrCreate(track: OnChainTrack, listener: string, amount: bigint): UnlockJobRecord {
    const found = this.get(track, listener);
    if (found) return found;
    const [chainId, artist, trackId, who] = keyOf(track, listener);
    const time = this.now();
    this.statements.insert.run(chainId, artist, trackId, who, amount.toString(), time, time);
    return this.require(track, listener);
  }

  update(job: UnlockJobRecord, change: JobUpdate): UnlockJobRecord {
    const next = {
      tipHash: change.tipHash === undefined ? job.tipHash : change.tipHash,
      paid: change.paid ?? job.paid,
      failureReason: change.failureReason === undefined ? job.failureReason : change.failureReason,
      amount: change.amount ?? job.amount,
    };
    this.statements.update.run(
      change.state,
      next.amount.toString(),
      next.tipHash,
      next.paid ? 1 : 0,
      next.failureReason,
      this.now(),
      ...keyOf(job.track, job.listener),
    );
    return this.require(job.track, job.listener);
  }

  /** Jobs of `listener` on `chainId` that are neither ready nor failed, oldest first. */
  listOpen(chainId: number, listener: string): UnlockJobRecord[] {
    return this.statements.open.all(chainId, listener.toLowerCase()).map(jobFromRow);
  }

  private require(track: OnChainTrack, listener: string): UnlockJobRecord {
    const job = this.get(track, listener);
    if (!job) throw new Error('The unlock job was not written.');
    return job;
  }
}

function keyOf(track: OnChainTrack, listener: string): Key {
  const { chainId, artist, trackId } = normalizeOnChainTrack(track);
  return [chainId, artist, trackId, listener.toLowerCase()];
}
