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
  TrackSort,
  TrackSortColumn,
  TrackSummary,
} from '../api/appApi';
import type { CoverImage, MediaFile } from '../media/mediaSource';
import { libraryVersion } from './libraryVersion';
import { PrefixTerms } from './prefixTerms';
import { searchTerms } from './trackSearch';
import type { SearchTerms } from './trackSearch';

const listOrder = 't.sort_artist, t.sort_album, t.disc_number, t.track_number, t.sort_title, t.id';
const albumOrder = 't.disc_number, t.track_number, t.sort_title, t.id';

/** The allow-list from a sortable column to its ORDER BY: nothing from a request reaches the SQL. */
const sortColumns: Record<TrackSortColumn, readonly string[]> = {
  title: ['t.sort_title', 't.id'],
  artist: ['t.sort_artist', 't.sort_album', 't.disc_number', 't.track_number', 't.sort_title', 't.id'],
  album: ['t.sort_album', 't.disc_number', 't.track_number', 't.sort_title', 't.id'],
  duration: ['t.duration_ms', 't.id'],
  // Kept on the track by the plays triggers (migration 011). Never played sorts as 0 plays and,
  // NULL, as the oldest play: first ascending, last descending.
  plays: ['t.play_count', 't.id'],
  lastPlayed: ['t.last_played_at', 't.id'],
};

function sortOrder(sort: TrackSort): string {
  const direction = sort.descending ? 'DESC' : 'ASC';
  return sortColumns[sort.column].map((column) => `${column} ${direction}`).join(', ');
}

// A catalogue track's artist is who is paid (its album artist, the contract's on-chain name); the
// file's own artist tag is secondary text, and it links to no local album or artist.
const summaryColumns = `
  t.id, t.title, al.title AS album, t.track_number AS trackNumber, t.disc_number AS discNumber, t.year,
  t.duration_ms AS durationMs, t.mime, t.cover_id AS coverId,
  CASE WHEN cm.track_id IS NULL THEN ar.name ELSE payee.name END AS artist,
  CASE WHEN cm.track_id IS NULL THEN t.album_id END AS albumId,
  CASE WHEN cm.track_id IS NULL THEN t.artist_id END AS artistId,
  CASE WHEN cm.track_id IS NOT NULL AND ar.id <> payee.id THEN ar.name END AS taggedArtist,
  t.play_count AS playCount, t.last_played_at AS lastPlayedAt`;

type SummaryRow = Omit<TrackSummary, 'taggedArtist' | 'replayGain'> &
  ReplayGainTags & { taggedArtist: string | null };

/** Local files only: albums and artists views never count a catalogue track. */
const localTrack = 't.id NOT IN (SELECT track_id FROM catalogue_media)';

/** "Recently added": ids grow with each import, so the newest id is the latest import. */
const addedOrder = 't.id DESC';

const replayGainColumns = `
  t.replay_gain_track_db AS trackGainDb, t.replay_gain_track_peak AS trackPeak,
  t.replay_gain_album_db AS albumGainDb, t.replay_gain_album_peak AS albumPeak`;

/** A summary row with its ReplayGain columns folded into `replayGain`, left out when untagged. */
function withReplayGain({
  trackGainDb,
  trackPeak,
  albumGainDb,
  albumPeak,
  ...track
}: Omit<SummaryRow, 'taggedArtist'>): TrackSummary {
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

/**
 * Ranked search order: a row whose search key is the query exactly, then one that starts with it,
 * then the rest by bm25. Takes the query's key three times.
 */
export function rankOrder(keyColumn: string, rankColumn: string): string {
  return `CASE WHEN ${keyColumn} = ? THEN 0 WHEN substr(${keyColumn}, 1, length(?)) = ? THEN 1 ELSE 2 END, ${rankColumn}`;
}

interface QueryPlan {
  terms: SearchTerms;
  match: string | null;
  /** Finds the same rows as `match`, faster, but does not rank them (see prefixTerms.ts). */
  rowsMatch: string | null;
  /** Album or artist conditions besides the search. */
  filters: string[];
  params: (string | number)[];
  albumOnly: boolean;
  /** A column the listener sorted by: replaces list order and search rank. */
  order: string | null;
}

function planFor(query: TrackQuery): QueryPlan {
  const terms = searchTerms(query.text);
  const match = terms.kind === 'words' ? terms.match : null;
  const plan: QueryPlan = {
    terms,
    match,
    rowsMatch: match,
    filters: [],
    params: [],
    albumOnly: false,
    order: query.sort ? sortOrder(query.sort) : null,
  };
  if (query.albumId !== undefined) {
    plan.filters.push('t.album_id = ?', localTrack);
    plan.params.push(query.albumId);
    plan.albumOnly = query.artistId === undefined;
  }
  // A column the listener sorted by wins over the view's own order.
  if (query.recent === 'added') plan.order ??= addedOrder;
  if (query.recent === 'played') {
    plan.filters.push('t.last_played_at IS NOT NULL');
    plan.order ??= 't.last_played_at DESC, t.id DESC';
  }
  if (query.artistId !== undefined) {
    // An artist's tracks include those on albums credited to them (compilations, features).
    plan.filters.push('(t.artist_id = ? OR t.album_id IN (SELECT id FROM albums WHERE artist_id = ?))');
    plan.params.push(query.artistId, query.artistId);
    if (query.albumId === undefined) plan.filters.push(localTrack);
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
    const order = plan.order ?? (plan.albumOnly ? albumOrder : listOrder);
    return { sql: `SELECT t.id FROM tracks t ${where(plan.filters)} ORDER BY ${order}`, params: plan.params };
  }
  const params = [plan.rowsMatch ?? plan.match, ...plan.params];
  if (plan.order !== null) {
    return {
      sql: `SELECT t.id FROM track_search JOIN tracks t ON t.id = track_search.rowid
             ${where(['track_search MATCH ?', ...plan.filters])} ORDER BY ${plan.order}`,
      params,
    };
  }
  if (total <= rankedSearchLimit && plan.terms.kind === 'words') {
    const { key } = plan.terms;
    return {
      sql: `SELECT t.id FROM track_search JOIN tracks t ON t.id = track_search.rowid
             ${where(['track_search MATCH ?', ...plan.filters])}
             ORDER BY ${rankOrder('track_search.title', 'track_search.rank')}, ${listOrder}`,
      params: [plan.match, ...plan.params, key, key, key],
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
    return {
      sql: 'SELECT count(*) FROM track_search WHERE track_search MATCH ?',
      params: [plan.rowsMatch ?? plan.match],
    };
  }
  return {
    sql: `SELECT count(*) FROM track_search JOIN tracks t ON t.id = track_search.rowid
           ${where(['track_search MATCH ?', ...plan.filters])}`,
    params: [plan.rowsMatch ?? plan.match, ...plan.params],
  };
}

/** `rows` in the order of `ids`, leaving out ids without a row. */
function inOrder<Row extends { id: number }>(ids: readonly number[], rows: Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export class TrackQueries {
  // Query shapes are few (filters × search); compiling each once keeps searches sub-millisecond.
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();
  /**
   * The last count and the library version it was taken at: a search's first page and its
   * grouped result (`searchLibrary`, songs counted only) ask for the same count one after the
   * other, and a broad search's count is most of its cost.
   */
  private lastCount: { key: string; value: number } | null = null;

  private readonly prefixTerms: PrefixTerms;

  constructor(
    private readonly db: Database,
    private readonly rankedSearchLimit = RANKED_SEARCH_LIMIT,
  ) {
    this.prefixTerms = new PrefixTerms(db, 'track_search');
  }

  private prepare<Row>(sql: string): Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<unknown[], Row>;
  }

  private plan(query: TrackQuery): QueryPlan {
    const plan = planFor(query);
    if (plan.terms.kind === 'words') plan.rowsMatch = this.prefixTerms.match(plan.terms.words);
    return plan;
  }

  stats(): LibraryStats {
    return this.prepare<LibraryStats>(
      `SELECT (SELECT count(*) FROM tracks) AS tracks,
              (SELECT count(DISTINCT t.album_id) FROM tracks t WHERE ${localTrack}) AS albums,
              (SELECT count(*) FROM (
                 SELECT t.artist_id FROM tracks t WHERE ${localTrack}
                 UNION
                 SELECT al.artist_id FROM tracks t JOIN albums al ON al.id = t.album_id WHERE ${localTrack})) AS artists`,
    ).get() as LibraryStats;
  }

  listTracks(request: TrackPageRequest): TrackPage {
    const plan = this.plan(request);
    if (plan.terms.kind === 'nothing') return { total: 0, offset: request.offset, tracks: [] };
    const total = this.count(plan);
    const ids = idsQuery(plan, total, this.rankedSearchLimit);
    const page = this.prepare<number>(`${ids.sql} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...ids.params, request.limit, request.offset);
    return { total, offset: request.offset, tracks: this.getTracks(page) };
  }

  /** Every matching id, in the same order `listTracks` pages through. */
  listTrackIds(query: TrackQuery): number[] {
    const plan = this.plan(query);
    if (plan.terms.kind === 'nothing') return [];
    const ids = idsQuery(plan, plan.match === null ? 0 : this.count(plan), this.rankedSearchLimit);
    return this.prepare<number>(ids.sql)
      .pluck()
      .all(...ids.params);
  }

  /** How many tracks the query matches. */
  countTracks(query: TrackQuery): number {
    const plan = this.plan(query);
    return plan.terms.kind === 'nothing' ? 0 : this.count(plan);
  }

  private count(plan: QueryPlan): number {
    const count = countQuery(plan);
    const version = libraryVersion(this.db);
    const key = version === null ? null : `${version}|${count.sql}|${JSON.stringify(count.params)}`;
    if (key !== null && this.lastCount?.key === key) return this.lastCount.value;
    const value = this.prepare<number>(count.sql)
      .pluck()
      .get(...count.params) as number;
    if (key !== null) this.lastCount = { key, value };
    return value;
  }

  /** The tracks with these ids, in the order asked; unknown ids are left out. */
  getTracks(ids: readonly number[]): TrackSummary[] {
    if (ids.length === 0) return [];
    const rows = this.prepare<SummaryRow>(
      `SELECT ${summaryColumns}, ${replayGainColumns} FROM tracks t
           JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id
           JOIN artists payee ON payee.id = al.artist_id LEFT JOIN catalogue_media cm ON cm.track_id = t.id
          WHERE t.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids));
    return inOrder(
      ids,
      rows.map(({ taggedArtist, ...row }): TrackSummary => {
        const summary = withReplayGain(row);
        return taggedArtist === null ? summary : { ...summary, taggedArtist };
      }),
    );
  }

  /** Every album, or those with these ids in the order asked. */
  listAlbums(ids?: readonly number[]): AlbumSummary[] {
    const only = ids ? 'AND al.id IN (SELECT value FROM json_each(?))' : '';
    const rows = this.prepare<Omit<AlbumSummary, 'artistIds'> & { trackArtistIds: string }>(
      `SELECT al.id, al.title, ar.name AS artist, max(t.year) AS year, count(t.id) AS trackCount,
                min(t.cover_id) AS coverId, al.artist_id AS artistId,
                group_concat(DISTINCT t.artist_id) AS trackArtistIds, sum(t.duration_ms) AS durationMs,
                count(DISTINCT coalesce(t.disc_number, 1)) AS discCount
           FROM albums al JOIN artists ar ON ar.id = al.artist_id JOIN tracks t ON t.album_id = al.id
          WHERE ${localTrack} ${only} GROUP BY al.id ORDER BY ar.sort_name, al.sort_title, al.id`,
    ).all(...(ids ? [JSON.stringify(ids)] : []));
    const albums = rows.map(({ trackArtistIds, ...album }) => ({
      ...album,
      artistIds: [...new Set([album.artistId, ...trackArtistIds.split(',').map(Number)])],
    }));
    return ids ? inOrder(ids, albums) : albums;
  }

  /** Every artist, or those with these ids in the order asked. */
  listArtists(ids?: readonly number[]): ArtistSummary[] {
    const only = (column: string) => (ids ? `AND ${column} IN (SELECT value FROM json_each(?))` : '');
    const artists = this.prepare<ArtistSummary>(
      `WITH credits (artist_id, track_id, album_id) AS (
           SELECT artist_id, id, album_id FROM tracks t WHERE ${localTrack} ${only('artist_id')}
           UNION
           SELECT al.artist_id, t.id, t.album_id FROM tracks t JOIN albums al ON al.id = t.album_id
            WHERE ${localTrack} ${only('al.artist_id')}
         )
         SELECT ar.id, ar.name, count(DISTINCT credits.album_id) AS albumCount,
                count(DISTINCT credits.track_id) AS trackCount
           FROM credits JOIN artists ar ON ar.id = credits.artist_id
          GROUP BY ar.id ORDER BY ar.sort_name, ar.id`,
    ).all(...(ids ? [JSON.stringify(ids), JSON.stringify(ids)] : []));
    return ids ? inOrder(ids, artists) : artists;
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
