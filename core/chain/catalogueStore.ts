// The synced catalogue in SQLite: artists, tracks, price/retirement history and the block cursor.
// Every write that advances the cursor happens in one transaction with the rows it covers.
import { missingCase } from '../../base/missingCase';
import type { ChainDatabase } from './chainDatabase';

export interface SyncState {
  chainId: number;
  factory: string;
  /** The last block whose events are all stored; `startBlock - 1` before the first sync. */
  cursorBlock: number;
  cursorHash: string | null;
}

export interface Checkpoint {
  blockNumber: number;
  blockHash: string;
}

export interface CatalogueArtist {
  address: string;
  owner: string;
  name: string;
  createdBlock: number;
}

export interface CatalogueTrack {
  artist: string;
  trackId: number;
  metadataCid: string;
  audioCid: string;
  contentHash: string;
  keyCommitment: string;
  /** Wei, the current minimum tip. */
  price: bigint;
  retired: boolean;
  publishedBlock: number;
}

/** One artist-contract event in a chunk, in chain order. */
export type TrackEvent =
  | { kind: 'published'; blockNumber: number; logIndex: number; track: CatalogueTrack }
  | {
      kind: 'priceChanged';
      blockNumber: number;
      logIndex: number;
      artist: string;
      trackId: number;
      price: bigint;
    }
  | { kind: 'retired'; blockNumber: number; logIndex: number; artist: string; trackId: number };

export interface ChunkWrite {
  artists: CatalogueArtist[];
  trackEvents: TrackEvent[];
  cursor: Checkpoint;
}

interface TrackRow {
  artist: string;
  track_id: number;
  metadata_cid: string;
  audio_cid: string;
  content_hash: string;
  key_commitment: string;
  price: string;
  retired: number;
  published_block: number;
}

/** How many recent cursor positions are kept as rollback points. */
const checkpointsKept = 128;

function trackFromRow(row: TrackRow): CatalogueTrack {
  return {
    artist: row.artist,
    trackId: row.track_id,
    metadataCid: row.metadata_cid,
    audioCid: row.audio_cid,
    contentHash: row.content_hash,
    keyCommitment: row.key_commitment,
    price: BigInt(row.price),
    retired: row.retired === 1,
    publishedBlock: row.published_block,
  };
}

export class CatalogueStore {
  constructor(private readonly db: ChainDatabase) {}

  readState(): SyncState | undefined {
    const row = this.db
      .prepare('SELECT chain_id, factory, cursor_block, cursor_hash FROM chain_sync_state WHERE id = 1')
      .get() as
      { chain_id: number; factory: string; cursor_block: number; cursor_hash: string | null } | undefined;
    if (!row) return undefined;
    return {
      chainId: row.chain_id,
      factory: row.factory,
      cursorBlock: row.cursor_block,
      cursorHash: row.cursor_hash,
    };
  }

  /** Forgets the whole catalogue and starts over for `chainId`/`factory` (a different network). */
  reset(chainId: number, factory: string, cursorBlock: number): void {
    this.db.transaction(() => {
      this.db.exec(
        'DELETE FROM chain_track_changes; DELETE FROM chain_tracks; DELETE FROM chain_artists; DELETE FROM chain_checkpoints;',
      );
      this.db
        .prepare(
          `INSERT INTO chain_sync_state (id, chain_id, factory, cursor_block, cursor_hash) VALUES (1, ?, ?, ?, NULL)
           ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, factory = excluded.factory,
             cursor_block = excluded.cursor_block, cursor_hash = NULL`,
        )
        .run(chainId, factory, cursorBlock);
    })();
  }

  /** Newest first. */
  checkpoints(): Checkpoint[] {
    const rows = this.db
      .prepare('SELECT block_number, block_hash FROM chain_checkpoints ORDER BY block_number DESC')
      .all() as { block_number: number; block_hash: string }[];
    return rows.map((row) => ({ blockNumber: row.block_number, blockHash: row.block_hash }));
  }

  artistAddresses(): string[] {
    return this.db
      .prepare('SELECT address FROM chain_artists ORDER BY created_block')
      .pluck()
      .all() as string[];
  }

  /** Stores one chunk's events and moves the cursor to its end, all or nothing. */
  writeChunk(chunk: ChunkWrite): void {
    const insertArtist = this.db.prepare(
      `INSERT INTO chain_artists (address, owner, name, created_block) VALUES (?, ?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET owner = excluded.owner, name = excluded.name, created_block = excluded.created_block`,
    );
    const insertTrack = this.db.prepare(
      `INSERT INTO chain_tracks (artist, track_id, metadata_cid, audio_cid, content_hash, key_commitment,
         published_price, price, retired, published_block)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
       ON CONFLICT (artist, track_id) DO UPDATE SET metadata_cid = excluded.metadata_cid,
         audio_cid = excluded.audio_cid, content_hash = excluded.content_hash,
         key_commitment = excluded.key_commitment, published_price = excluded.published_price,
         price = excluded.price, retired = 0, published_block = excluded.published_block`,
    );
    const trackExists = this.db
      .prepare('SELECT 1 FROM chain_tracks WHERE artist = ? AND track_id = ?')
      .pluck();
    const insertChange = this.db.prepare(
      `INSERT OR REPLACE INTO chain_track_changes (artist, track_id, block_number, log_index, price, retired)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const setPrice = this.db.prepare('UPDATE chain_tracks SET price = ? WHERE artist = ? AND track_id = ?');
    const setRetired = this.db.prepare(
      'UPDATE chain_tracks SET retired = 1 WHERE artist = ? AND track_id = ?',
    );

    this.db.transaction(() => {
      for (const artist of chunk.artists) {
        insertArtist.run(artist.address, artist.owner, artist.name, artist.createdBlock);
      }
      for (const event of chunk.trackEvents) {
        switch (event.kind) {
          case 'published': {
            const t = event.track;
            const price = t.price.toString();
            insertTrack.run(
              t.artist,
              t.trackId,
              t.metadataCid,
              t.audioCid,
              t.contentHash,
              t.keyCommitment,
              price,
              price,
              t.publishedBlock,
            );
            break;
          }
          case 'priceChanged':
            // A change for a track we skipped (see catalogueSync) has nothing to apply to.
            if (!trackExists.get(event.artist, event.trackId)) break;
            insertChange.run(
              event.artist,
              event.trackId,
              event.blockNumber,
              event.logIndex,
              event.price.toString(),
              null,
            );
            setPrice.run(event.price.toString(), event.artist, event.trackId);
            break;
          case 'retired':
            if (!trackExists.get(event.artist, event.trackId)) break;
            insertChange.run(event.artist, event.trackId, event.blockNumber, event.logIndex, null, 1);
            setRetired.run(event.artist, event.trackId);
            break;
          default:
            missingCase(event);
        }
      }
      this.moveCursor(chunk.cursor);
    })();
  }

  /**
   * Undoes everything recorded after `checkpoint.blockNumber` (artists, tracks, price changes and
   * retirements) and puts the cursor there: the blocks after it are no longer canonical.
   */
  rollBackTo(checkpoint: Checkpoint | { blockNumber: number; blockHash: null }): void {
    const after = checkpoint.blockNumber;
    this.db.transaction(() => {
      const affected = this.db
        .prepare('SELECT DISTINCT artist, track_id FROM chain_track_changes WHERE block_number > ?')
        .all(after) as { artist: string; track_id: number }[];
      this.db.prepare('DELETE FROM chain_track_changes WHERE block_number > ?').run(after);
      this.db.prepare('DELETE FROM chain_tracks WHERE published_block > ?').run(after);
      this.db.prepare('DELETE FROM chain_artists WHERE created_block > ?').run(after);
      const latestPrice = this.db
        .prepare(
          `SELECT price FROM chain_track_changes WHERE artist = ? AND track_id = ? AND price IS NOT NULL
           ORDER BY block_number DESC, log_index DESC LIMIT 1`,
        )
        .pluck();
      const everRetired = this.db
        .prepare('SELECT 1 FROM chain_track_changes WHERE artist = ? AND track_id = ? AND retired = 1')
        .pluck();
      const restore = this.db.prepare(
        'UPDATE chain_tracks SET price = COALESCE(?, published_price), retired = ? WHERE artist = ? AND track_id = ?',
      );
      for (const { artist, track_id } of affected) {
        const price = (latestPrice.get(artist, track_id) as string | undefined) ?? null;
        const retired = everRetired.get(artist, track_id) ? 1 : 0;
        restore.run(price, retired, artist, track_id);
      }
      this.db.prepare('DELETE FROM chain_checkpoints WHERE block_number > ?').run(after);
      this.db
        .prepare('UPDATE chain_sync_state SET cursor_block = ?, cursor_hash = ? WHERE id = 1')
        .run(after, checkpoint.blockHash);
    })();
  }

  listArtists(): CatalogueArtist[] {
    const rows = this.db
      .prepare(
        'SELECT address, owner, name, created_block FROM chain_artists ORDER BY created_block, address',
      )
      .all() as { address: string; owner: string; name: string; created_block: number }[];
    return rows.map((row) => ({
      address: row.address,
      owner: row.owner,
      name: row.name,
      createdBlock: row.created_block,
    }));
  }

  /** Tracks in chain order, optionally of one artist. */
  listTracks(artist?: string): CatalogueTrack[] {
    const columns = `artist, track_id, metadata_cid, audio_cid, content_hash, key_commitment, price, retired, published_block`;
    const rows = (
      artist === undefined
        ? this.db
            .prepare(`SELECT ${columns} FROM chain_tracks ORDER BY published_block, artist, track_id`)
            .all()
        : this.db
            .prepare(`SELECT ${columns} FROM chain_tracks WHERE artist = ? ORDER BY track_id`)
            .all(artist)
    ) as TrackRow[];
    return rows.map(trackFromRow);
  }

  getTrack(artist: string, trackId: number): CatalogueTrack | undefined {
    const row = this.db
      .prepare(
        `SELECT artist, track_id, metadata_cid, audio_cid, content_hash, key_commitment, price, retired, published_block
         FROM chain_tracks WHERE artist = ? AND track_id = ?`,
      )
      .get(artist, trackId) as TrackRow | undefined;
    return row && trackFromRow(row);
  }

  countTracks(): number {
    return this.db.prepare('SELECT count(*) FROM chain_tracks').pluck().get() as number;
  }

  private moveCursor(cursor: Checkpoint): void {
    this.db
      .prepare('UPDATE chain_sync_state SET cursor_block = ?, cursor_hash = ? WHERE id = 1')
      .run(cursor.blockNumber, cursor.blockHash);
    this.db
      .prepare('INSERT OR REPLACE INTO chain_checkpoints (block_number, block_hash) VALUES (?, ?)')
      .run(cursor.blockNumber, cursor.blockHash);
    this.db
      .prepare(
        `DELETE FROM chain_checkpoints WHERE block_number NOT IN
           (SELECT block_number FROM chain_checkpoints ORDER BY block_number DESC LIMIT ?)`,
      )
      .run(checkpointsKept);
  }
}
