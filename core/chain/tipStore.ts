// Tips in SQLite, from the moment they are signed: the record (with the raw transaction) is
// written before the transaction is broadcast, so a tip that was paid is never forgotten.
import type { ChainDatabase } from './chainDatabase';

/** signed → sent → confirmed, or failed (reverted on chain, or rejected by the node for good). */
export type TipStatus = 'signed' | 'sent' | 'confirmed' | 'failed';

export interface TipRecord {
  /** The transaction hash: the same raw transaction always has the same hash. */
  hash: string;
  rawTransaction: string;
  chainId: number;
  artist: string;
  trackId: number;
  /** Wei. */
  amount: bigint;
  sender: string;
  nonce: number;
  status: TipStatus;
  /** Why a failed tip failed, in words a listener can read. */
  failureReason: string | null;
  /** The block that holds the transaction, once mined. */
  blockNumber: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewTip = Omit<TipRecord, 'status' | 'failureReason' | 'blockNumber' | 'createdAt' | 'updatedAt'>;

interface TipRow {
  hash: string;
  raw_transaction: string;
  chain_id: number;
  artist: string;
  track_id: number;
  amount: string;
  sender: string;
  nonce: number;
  status: TipStatus;
  failure_reason: string | null;
  block_number: number | null;
  created_at: number;
  updated_at: number;
}

function tipFromRow(row: TipRow): TipRecord {
  return {
    hash: row.hash,
    rawTransaction: row.raw_transaction,
    chainId: row.chain_id,
    artist: row.artist,
    trackId: row.track_id,
    amount: BigInt(row.amount),
    sender: row.sender,
    nonce: row.nonce,
    status: row.status,
    failureReason: row.failure_reason,
    blockNumber: row.block_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class TipStore {
  constructor(
    private readonly db: ChainDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a signed tip; it is on disk when this returns. */
  recordSigned(tip: NewTip): TipRecord {
    const time = this.now();
    this.db
      .prepare(
        `INSERT INTO chain_tips (hash, raw_transaction, chain_id, artist, track_id, amount, sender, nonce,
           status, failure_reason, block_number, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'signed', NULL, NULL, ?, ?)`,
      )
      .run(
        tip.hash,
        tip.rawTransaction,
        tip.chainId,
        tip.artist,
        tip.trackId,
        tip.amount.toString(),
        tip.sender,
        tip.nonce,
        time,
        time,
      );
    return this.require(tip.hash);
  }

  get(hash: string): TipRecord | undefined {
    const row = this.db.prepare('SELECT * FROM chain_tips WHERE hash = ?').get(hash) as TipRow | undefined;
    return row && tipFromRow(row);
  }

  require(hash: string): TipRecord {
    const tip = this.get(hash);
    if (!tip) throw new Error(`No tip with transaction hash ${hash} is recorded.`);
    return tip;
  }

  markSent(hash: string): TipRecord {
    this.db
      .prepare(`UPDATE chain_tips SET status = 'sent', updated_at = ? WHERE hash = ? AND status = 'signed'`)
      .run(this.now(), hash);
    return this.require(hash);
  }

  markConfirmed(hash: string, blockNumber: number): TipRecord {
    this.db
      .prepare(
        `UPDATE chain_tips SET status = 'confirmed', block_number = ?, failure_reason = NULL, updated_at = ? WHERE hash = ?`,
      )
      .run(blockNumber, this.now(), hash);
    return this.require(hash);
  }

  markFailed(hash: string, reason: string, blockNumber: number | null = null): TipRecord {
    this.db
      .prepare(
        `UPDATE chain_tips SET status = 'failed', failure_reason = ?, block_number = ?, updated_at = ? WHERE hash = ?`,
      )
      .run(reason, blockNumber, this.now(), hash);
    return this.require(hash);
  }

  /** Tips not yet settled (signed or sent), oldest nonce first. */
  listOpen(chainId: number): TipRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM chain_tips WHERE chain_id = ? AND status IN ('signed', 'sent') ORDER BY sender, nonce`,
      )
      .all(chainId) as TipRow[];
    return rows.map(tipFromRow);
  }

  listForTrack(artist: string, trackId: number): TipRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM chain_tips WHERE artist = ? AND track_id = ? ORDER BY created_at, nonce')
      .all(artist, trackId) as TipRow[];
    return rows.map(tipFromRow);
  }

  /**
   * The next nonce after every tip of `sender` that may still land (signed, sent or mined), or
   * undefined when there are none: a signed tip the node has not seen yet still owns its nonce.
   */
  nextNonce(chainId: number, sender: string): number | undefined {
    const highest = this.db
      .prepare(
        `SELECT max(nonce) FROM chain_tips WHERE chain_id = ? AND sender = ?
           AND (status IN ('signed', 'sent', 'confirmed') OR block_number IS NOT NULL)`,
      )
      .pluck()
      .get(chainId, sender) as number | null;
    return highest === null ? undefined : highest + 1;
  }
}
