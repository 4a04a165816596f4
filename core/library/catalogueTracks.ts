/**
 * Catalogue tracks in the library: an on-chain track whose encrypted audio is on IPFS gets a
 * `tracks` row (so lists, search and the player need nothing special) plus its `catalogue_media`.
 *
 * Who is paid is never in doubt: the row's album artist is the Artist contract's on-chain name,
 * and lists show that name as the track's artist; the file's own artist tag (anyone can write
 * "Famous Band" there) is kept in the track-artist slot, shown only as secondary text. Albums and
 * artists views count local files only (see TrackQueries), so a catalogue track never joins them.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { OnChainTrack } from '../unlock/onChainTrack';
import { normalizeOnChainTrack } from '../unlock/onChainTrack';
import type { TrackRepo } from './trackRepo';

/** What the library shows of a catalogue track: its validated public metadata (PROTOCOL §4). */
export interface CatalogueTrackEntry extends OnChainTrack {
  audioCid: string;
  /** 0x-hex, as published on chain. */
  keyCommitment: string;
  title: string;
  /** The Artist contract's on-chain name: who a tip goes to. */
  artistName: string;
  /** The artist the track's metadata claims; '' when it names none. */
  taggedArtist: string;
  album: string;
  trackNumber: number | null;
  durationMs: number | null;
  mime: string;
  /** Plaintext audio size in bytes, from the metadata. */
  size: number;
}

/** Where a catalogue track's container is, for the stream handler. */
export interface CatalogueMedia extends OnChainTrack {
  audioCid: string;
  keyCommitment: string;
  mime: string;
}

interface MediaRow {
  chainId: number;
  artist: string;
  trackId: number;
  audioCid: string;
  keyCommitment: string;
  mime: string;
}

export function cataloguePath(track: OnChainTrack): string {
  const { chainId, artist, trackId } = normalizeOnChainTrack(track);
  return `catalogue:${chainId}:${artist}:${trackId}`;
}

export class CatalogueTracks {
  private readonly statements: {
    idByPath: Statement<[string], number>;
    payeeByPath: Statement<[string], string>;
    saveMedia: Statement<[number, number, string, number, string, string]>;
    media: Statement<[number], MediaRow>;
  };

  constructor(
    private readonly db: Database,
    private readonly repo: TrackRepo,
  ) {
    this.statements = {
      idByPath: db.prepare<[string], number>('SELECT id FROM tracks WHERE path = ?').pluck(),
      payeeByPath: db
        .prepare<[string], string>(
          `SELECT ar.name FROM tracks t JOIN albums al ON al.id = t.album_id JOIN artists ar ON ar.id = al.artist_id
           WHERE t.path = ?`,
        )
        .pluck(),
      saveMedia: db.prepare(
        `INSERT INTO catalogue_media (track_id, chain_id, artist, chain_track_id, audio_cid, key_commitment)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (track_id) DO UPDATE SET audio_cid = excluded.audio_cid, key_commitment = excluded.key_commitment`,
      ),
      media: db.prepare<[number], MediaRow>(
        `SELECT m.chain_id AS chainId, m.artist, m.chain_track_id AS trackId, m.audio_cid AS audioCid,
           m.key_commitment AS keyCommitment, t.mime
         FROM catalogue_media m JOIN tracks t ON t.id = m.track_id WHERE m.track_id = ?`,
      ),
    };
  }

  /** Adds or updates a catalogue track; returns its library id, which stays the same on update. */
  save(entry: CatalogueTrackEntry): number {
    const track = normalizeOnChainTrack(entry);
    const path = cataloguePath(track);
    return this.db.transaction(() => {
      const replacesId = this.statements.idByPath.get(path) ?? null;
      this.repo.saveTracks([
        {
          path,
          size: entry.size,
          mtimeMs: 0,
          mime: entry.mime,
          sniffedType: 'catalogue',
          replacesId,
          title: entry.title,
          artist: entry.taggedArtist || entry.artistName,
          albumArtist: entry.artistName,
          album: entry.album,
          trackNumber: entry.trackNumber,
          discNumber: null,
          year: null,
          durationMs: entry.durationMs,
          cover: null,
        },
      ]);
      const id = replacesId ?? this.statements.idByPath.get(path)!;
      this.statements.saveMedia.run(
        id,
        track.chainId,
        track.artist,
        track.trackId,
        entry.audioCid,
        entry.keyCommitment,
      );
      return id;
    })();
  }

  /** Who the library names as paid for this on-chain track, or null when it is not listed. */
  payeeName(track: OnChainTrack): string | null {
    return this.statements.payeeByPath.get(cataloguePath(track)) ?? null;
  }

  /** The library id of an on-chain track, or null while it is not listed. */
  libraryId(track: OnChainTrack): number | null {
    return this.statements.idByPath.get(cataloguePath(track)) ?? null;
  }

  /** The catalogue media behind library track `id`, or null for an imported file or no track. */
  media(id: number): CatalogueMedia | null {
    return this.statements.media.get(id) ?? null;
  }
}
