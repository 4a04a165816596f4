/**
 * Reads from the library: track pages in list order or by search rank, albums and artists with
 * their counts, and the files and covers the stream handler serves by id.
 */
import type { Database, Statement } from 'better-sqlite3';
import type {
  AlbumSummary,
  ReplayGainTags,
  ArtistSummary,
  LibraryStats,
  TrackPage,
  TrackPageRequest,
  TrackQuery,
  TrackSummary,
} from '../api/appApi';
import type { CoverImage, MediaFile } from '../api/appBackend';
import { buildMatchQuery } from './trackSearch';

const listOrder = 't.sort_artist, t.sort_album, t.disc_number, t.track_number, t.sort_title, t.id';
const albumOrder = 't.disc_number, t.track_number, t.sort_title, t.id';

const summaryColumns = `
  t.id, t.title, ar.name AS artist, al.title AS album, t.album_id AS albumId, t.artist_id AS artistId,
  t.track_number AS trackNumber, t.disc_number AS discNumber, t.year, t.duration_ms AS durationMs,
  t.mime, t.cover_id AS coverId`;

const replayGainColumns = `
  t.replay_gain_track_db AS trackGainDb, t.replay_gain_track_peak AS trackPeak,
  t.replay_gain_album_db AS albumGainDb, t.replay_gain_album_peak AS albumPeak`;

type SummaryRow = TrackSummary & ReplayGainTags;

/** A summary row with its ReplayGain columns folded into `replayGain`, left out when untagged. */
function withReplayGain({
  trackGainDb,
  trackPeak,
  albumGainDb,
  albumPeak,
  ...track
}: SummaryRow): TrackSummary {
  if (trackGainDb === null && albumGainDb === null) return track;
  return { ...track, replayGain: { trackGainDb, trackPeak, albumGainDb, albumPeak } };
}

/**
 * Searches matching more tracks than this are not ranked: bm25 plus the list-order tie-break
 * costs a few microseconds per match, so ranking the 60,000 hits of a one-letter prefix would
 * blow the 10 ms budget. Such a broad search lists its hits in library (import) order, straight
 * from the index, until the user types enough to narrow it down.
 */
export const RANKED_SEARCH_LIMIT = 500;

interface QueryPlan {
  match: string | null;
  /** Album or artist conditions besides the search. */
  filters: string[];
  params: (string | number)[];
  albumOnly: boolean;
}

function planFor(query: TrackQuery): QueryPlan {
  const plan: QueryPlan = { match: buildMatchQuery(query.text), filters: [], params: [], albumOnly: false };
  if (query.albumId !== undefined) {
    plan.filters.push('t.album_id = ?');
    plan.params.push(query.albumId);
    plan.albumOnly = query.artistId === undefined;
  }
  if (query.artistId !== undefined) {
    // An artist's tracks include those on albums credited to them (compilations, features).
    plan.filters.push('(t.artist_id = ? OR t.album_id IN (SELECT id FROM albums WHERE artist_id = ?))');
    plan.params.push(query.artistId, query.artistId);
  }
  return plan;
}

/** The SQL selecting matching track ids in list order, and its parameters (before LIMIT). */
function idsQuery(
  plan: QueryPlan,
  total: number,
  rankedSearchLimit: number,
): { sql: string; params: (string | number)[] } {
  const where = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');
  if (plan.match === null) {
    const order = plan.albumOnly ? albumOrder : listOrder;
    return { sql: `SELECT t.id FROM tracks t ${where(plan.filters)} ORDER BY ${order}`, params: plan.params };
  }
  const params = [plan.match, ...plan.params];
  if (total <= rankedSearchLimit) {
    return {
      sql: `SELECT t.id FROM track_search JOIN tracks t ON t.id = track_search.rowid
             ${where(['track_search MATCH ?', ...plan.filters])} ORDER BY track_search.rank, ${listOrder}`,
      params,
    };
  }
  if (plan.filters.length === 0) {
    return { sql: 'SELECT rowid FROM track_search WHERE track_search MATCH ? ORDER BY rowid', params };
  }
  return {
    sql: `SELECT t.id FROM track_search JOIN tracks t ON t.id = track_search.rowid
           ${where(['track_search MATCH ?', ...plan.filters])} ORDER BY t.id`,
    params,
  };
}

function countQuery(plan: QueryPlan): { sql: string; params: (string | number)[] } {
  const where = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');
  if (plan.match === null) {
    return { sql: `SELECT count(*) FROM tracks t ${where(plan.filters)}`, params: plan.params };
  }
  if (plan.filters.length === 0) {
    // Counting from the index alone, without touching the tracks table, is several times faster.
    return { sql: 'SELECT count(*) FROM track_search WHERE track_search MATCH ?', params: [plan.match] };
  }
  return {
    sql: `SELECT count(*) FROM track_search JOIN tracks t ON t.id = track_search.rowid
           ${where(['track_search MATCH ?', ...plan.filters])}`,
    params: [plan.match, ...plan.params],
  };
}

export class TrackQueries {
  // Query shapes are few (filters × search); compiling each once keeps searches sub-millisecond.
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(
    private readonly db: Database,
    private readonly rankedSearchLimit = RANKED_SEARCH_LIMIT,
  ) {}

  private prepare<Row>(sql: string): Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<unknown[], Row>;
  }

  stats(): LibraryStats {
    return this.prepare<LibraryStats>(
      `SELECT (SELECT count(*) FROM tracks) AS tracks, (SELECT count(*) FROM albums) AS albums,
                (SELECT count(*) FROM artists) AS artists`,
    ).get() as LibraryStats;
  }

  listTracks(request: TrackPageRequest): TrackPage {
    const plan = planFor(request);
    const total = this.count(plan);
    const ids = idsQuery(plan, total, this.rankedSearchLimit);
    const page = this.prepare<number>(`${ids.sql} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...ids.params, request.limit, request.offset);
    return { total, offset: request.offset, tracks: this.getTracks(page) };
  }

  /** Every matching id, in the same order `listTracks` pages through. */
  listTrackIds(query: TrackQuery): number[] {
    const plan = planFor(query);
    const ids = idsQuery(plan, plan.match === null ? 0 : this.count(plan), this.rankedSearchLimit);
    return this.prepare<number>(ids.sql)
      .pluck()
      .all(...ids.params);
  }

  private count(plan: QueryPlan): number {
    const count = countQuery(plan);
    return this.prepare<number>(count.sql)
      .pluck()
      .get(...count.params) as number;
  }

  /** The tracks with these ids, in the order asked; unknown ids are left out. */
  getTracks(ids: readonly number[]): TrackSummary[] {
    if (ids.length === 0) return [];
    const rows = this.prepare<SummaryRow>(
      `SELECT ${summaryColumns}, ${replayGainColumns} FROM tracks t
           JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id
          WHERE t.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids));
    const byId = new Map(rows.map((row) => [row.id, withReplayGain(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  listAlbums(): AlbumSummary[] {
    return this.prepare<AlbumSummary>(
      `SELECT al.id, al.title, ar.name AS artist, max(t.year) AS year, count(t.id) AS trackCount,
                min(t.cover_id) AS coverId
           FROM albums al JOIN artists ar ON ar.id = al.artist_id JOIN tracks t ON t.album_id = al.id
          GROUP BY al.id ORDER BY ar.sort_name, al.sort_title, al.id`,
    ).all();
  }

  listArtists(): ArtistSummary[] {
    return this.prepare<ArtistSummary>(
      `WITH credits (artist_id, track_id, album_id) AS (
           SELECT artist_id, id, album_id FROM tracks
           UNION
           SELECT al.artist_id, t.id, t.album_id FROM tracks t JOIN albums al ON al.id = t.album_id
         )
         SELECT ar.id, ar.name, count(DISTINCT credits.album_id) AS albumCount,
                count(DISTINCT credits.track_id) AS trackCount
           FROM credits JOIN artists ar ON ar.id = credits.artist_id
          GROUP BY ar.id ORDER BY ar.sort_name, ar.id`,
    ).all();
  }

  trackFile(id: number): MediaFile | null {
    // A catalogue track's path is not a file: it is served decrypted from IPFS, never from disk.
    return (
      this.prepare<MediaFile>(
        'SELECT path, mime, size FROM tracks WHERE id = ? AND id NOT IN (SELECT track_id FROM catalogue_media)',
      ).get(id) ?? null
    );
  }

  coverImage(id: number): CoverImage | null {
    const row = this.prepare<{ bytes: Buffer; mime: string }>(
      'SELECT bytes, mime FROM covers WHERE id = ?',
    ).get(id);
    return row ? { data: new Uint8Array(row.bytes), mime: row.mime } : null;
  }
}
