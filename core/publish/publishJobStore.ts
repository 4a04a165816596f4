// Publish jobs in SQLite, one row per file. Every step writes its result here before the next
// step starts; a step only moves a job forward from the state it expects, so a stale writer
// cannot move a job backwards.
import type { PublishStep } from '../api/marketApi';
import type { PublishDatabase } from './publishDatabase';

/**
 * queued → encrypted → audio-added → metadata-added → tx-recorded → published → key-deposited → done,
 * or failed: the steps the API shows are these states, so they are listed once, in the contract.
 */
export type PublishState = PublishStep;

export const publishStates: readonly PublishState[] = [
  'queued',
  'encrypted',
  'audio-added',
  'metadata-added',
  'tx-recorded',
  'published',
  'key-deposited',
  'done',
];

export interface PublishJob {
  id: string;
  chainId: number;
  /** The artist contract, checksummed. */
  artist: string;
  sourcePath: string;
  sourceSize: number;
  /** Wei. */
  price: bigint;
  state: PublishState;
  /** For a failed job: the state it was in when it failed. */
  failedAtState: PublishState | null;
  /** Why a failed job failed, in words the artist can read. */
  failureReason: string | null;
  /** The last passing trouble of an unfinished job (e.g. the key server was down); cleared on progress. */
  lastError: string | null;
  /** The content key wrapped under the caller's key (see contentKeyWrap.ts); never stored in clear. */
  wrappedKey: Buffer;
  /** The container's nonce prefix: with the key, it makes re-encrypting give the same bytes. */
  noncePrefix: Buffer;
  /** The public metadata (PROTOCOL §4) without its cover CID, as read from the tags at enqueue. */
  metadataJson: string;
  /** The cover picture from the tags (size-capped), or null. */
  cover: Buffer | null;
  /** 0x-hex sha256 of the audio file. */
  contentHash: string | null;
  audioCid: string | null;
  coverCid: string | null;
  metadataCid: string | null;
  txHash: string | null;
  rawTransaction: string | null;
  txNonce: number | null;
  sender: string | null;
  trackId: number | null;
  /** Seeds that confirmed keeping the track when it finished (null: finished before seeds existed). */
  seedsStored: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewPublishJob = Pick<
  PublishJob,
  | 'id'
  | 'chainId'
  | 'artist'
  | 'sourcePath'
  | 'sourceSize'
  | 'price'
  | 'wrappedKey'
  | 'noncePrefix'
  | 'metadataJson'
  | 'cover'
> & { contentHash?: string | null };

interface PublishJobRow {
  id: string;
  chain_id: number;
  artist: string;
  source_path: string;
  source_size: number;
  price: string;
  state: PublishState;
  failed_at_state: PublishState | null;
  failure_reason: string | null;
  last_error: string | null;
  wrapped_key: Buffer;
  nonce_prefix: Buffer;
  metadata_json: string;
  cover: Buffer | null;
  content_hash: string | null;
  audio_cid: string | null;
  cover_cid: string | null;
  metadata_cid: string | null;
  tx_hash: string | null;
  raw_transaction: string | null;
  tx_nonce: number | null;
  sender: string | null;
  track_id: number | null;
  seeds_stored: number | null;
  created_at: number;
  updated_at: number;
}

function jobFromRow(row: PublishJobRow): PublishJob {
  return {
    id: row.id,
    chainId: row.chain_id,
    artist: row.artist,
    sourcePath: row.source_path,
    sourceSize: row.source_size,
    price: BigInt(row.price),
    state: row.state,
    failedAtState: row.failed_at_state,
    failureReason: row.failure_reason,
    lastError: row.last_error,
    wrappedKey: row.wrapped_key,
    noncePrefix: row.nonce_prefix,
    metadataJson: row.metadata_json,
    cover: row.cover,
    contentHash: row.content_hash,
    audioCid: row.audio_cid,
    coverCid: row.cover_cid,
    metadataCid: row.metadata_cid,
    txHash: row.tx_hash,
    rawTransaction: row.raw_transaction,
    txNonce: row.tx_nonce,
    sender: row.sender,
    trackId: row.track_id,
    seedsStored: row.seeds_stored,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface RecordedTransaction {
  hash: string;
  rawTransaction: string;
  nonce: number;
  sender: string;
}

export class PublishJobStore {
  constructor(
    private readonly db: PublishDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a new job in `queued`, its wrapped key with it: on disk when this returns. */
  insert(job: NewPublishJob): PublishJob {
    const time = this.now();
    this.db
      .prepare(
        `INSERT INTO publish_jobs (id, chain_id, artist, source_path, source_size, price, state, wrapped_key,
           nonce_prefix, metadata_json, cover, content_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        job.id,
        job.chainId,
        job.artist,
        job.sourcePath,
        job.sourceSize,
        job.price.toString(),
        job.wrappedKey,
        job.noncePrefix,
        job.metadataJson,
        job.cover,
        job.contentHash ?? null,
        time,
        time,
      );
    return this.require(job.id);
  }

  get(id: string): PublishJob | undefined {
    const row = this.db.prepare('SELECT * FROM publish_jobs WHERE id = ?').get(id) as
      PublishJobRow | undefined;
    return row && jobFromRow(row);
  }

  require(id: string): PublishJob {
    const job = this.get(id);
    if (!job) throw new Error(`No publish job ${id} is recorded.`);
    return job;
  }

  /** Every job of this artist on this chain, oldest first. */
  list(chainId: number, artist: string): PublishJob[] {
    const rows = this.db
      .prepare('SELECT * FROM publish_jobs WHERE chain_id = ? AND artist = ? ORDER BY created_at, rowid')
      .all(chainId, artist) as PublishJobRow[];
    return rows.map(jobFromRow);
  }

  /** This artist's job for the audio with `contentHash` that has not failed, if any. */
  findByContentHash(chainId: number, artist: string, contentHash: string): PublishJob | undefined {
    const row = this.db
      .prepare(
        "SELECT * FROM publish_jobs WHERE chain_id = ? AND artist = ? AND content_hash = ? AND state != 'failed' LIMIT 1",
      )
      .get(chainId, artist, contentHash) as PublishJobRow | undefined;
    return row && jobFromRow(row);
  }

  /** Jobs neither done nor failed, oldest first: what `resume` continues. */
  listUnfinished(chainId: number, artist: string): PublishJob[] {
    return this.list(chainId, artist).filter((job) => job.state !== 'done' && job.state !== 'failed');
  }

  /** The audio is encrypted into the content store, pinned: its hash and CID are recorded together. */
  markEncrypted(id: string, contentHash: string, audioCid: string): PublishJob {
    return this.advance(id, 'queued', 'encrypted', { content_hash: contentHash, audio_cid: audioCid });
  }

  markAudioAdded(id: string, audioCid: string): PublishJob {
    return this.advance(id, 'encrypted', 'audio-added', { audio_cid: audioCid });
  }

  /** Replaces a job's wrapped content key (the same key, wrapped under another wrapping key). */
  replaceWrappedKey(id: string, wrappedKey: Buffer): void {
    this.db.prepare('UPDATE publish_jobs SET wrapped_key = ? WHERE id = ?').run(wrappedKey, id);
  }

  markMetadataAdded(id: string, coverCid: string | null, metadataCid: string): PublishJob {
    return this.advance(id, 'audio-added', 'metadata-added', {
      cover_cid: coverCid,
      metadata_cid: metadataCid,
    });
  }

  /** Records the signed publish transaction; must return before it is broadcast. */
  recordTransaction(id: string, transaction: RecordedTransaction): PublishJob {
    const fields = {
      tx_hash: transaction.hash,
      raw_transaction: transaction.rawTransaction,
      tx_nonce: transaction.nonce,
      sender: transaction.sender,
    };
    const job = this.require(id);
    // A transaction that can never be mined (its nonce went to another) is replaced in place.
    if (job.state === 'tx-recorded') return this.advance(id, 'tx-recorded', 'tx-recorded', fields);
    return this.advance(id, 'metadata-added', 'tx-recorded', fields);
  }

  markPublished(id: string, trackId: number): PublishJob {
    return this.advance(id, 'tx-recorded', 'published', { track_id: trackId });
  }

  markKeyDeposited(id: string): PublishJob {
    return this.advance(id, 'published', 'key-deposited', {});
  }

  markDone(id: string, seedsStored: number): PublishJob {
    return this.advance(id, 'key-deposited', 'done', { seeds_stored: seedsStored });
  }

  markFailed(id: string, reason: string): PublishJob {
    this.db
      .prepare(
        `UPDATE publish_jobs SET failed_at_state = state, state = 'failed', failure_reason = ?, updated_at = ?
         WHERE id = ? AND state NOT IN ('done', 'failed')`,
      )
      .run(reason, this.now(), id);
    return this.require(id);
  }

  /** Notes a passing trouble (the job stays where it is and is retried by `resume`). */
  noteError(id: string, message: string | null): PublishJob {
    this.db
      .prepare('UPDATE publish_jobs SET last_error = ?, updated_at = ? WHERE id = ?')
      .run(message, this.now(), id);
    return this.require(id);
  }

  private advance(
    id: string,
    from: PublishState,
    to: PublishState,
    fields: Record<string, string | number | null>,
  ): PublishJob {
    const names = Object.keys(fields);
    const assignments = names.map((name) => `${name} = ?`).join(', ');
    const result = this.db
      .prepare(
        `UPDATE publish_jobs SET state = ?, last_error = NULL, updated_at = ?${assignments ? `, ${assignments}` : ''}
         WHERE id = ? AND state = ?`,
      )
      .run(to, this.now(), ...names.map((name) => fields[name]), id, from);
    if (result.changes !== 1) {
      const job = this.require(id);
      throw new Error(`Publish job ${id} is ${job.state}, not ${from}: it cannot move to ${to}.`);
    }
    return this.require(id);
  }
}
