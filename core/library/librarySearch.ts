/**
 * The grouped search: artists, albums and songs matching what the user typed, each group ranked
 * with exact hits first, then those starting with the query, then the rest by bm25.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { LibrarySearchResult, SearchGroup, SearchLimits, TrackSummary } from '../api/appApi';
import type { TrackQueries } from './trackQueries';
import { RANKED_SEARCH_LIMIT, rankOrder } from './trackQueries';
import { PrefixTerms } from './prefixTerms';
import { searchTerms } from './trackSearch';
import type { SearchTerms } from './trackSearch';

type WordTerms = Extract<SearchTerms, { kind: 'words' }>;

/** An index whose rows are an artist's or album's id and folded search key. */
interface GroupIndex {
  table: 'artist_search' | 'album_search';
  keyColumn: 'name' | 'title';
}

const artistIndex: GroupIndex = { table: 'artist_search', keyColumn: 'name' };
const albumIndex: GroupIndex = { table: 'album_search', keyColumn: 'title' };

export class LibrarySearch {
  private readonly statements = new Map<string, Statement<unknown[], number>>();
  private readonly prefixTerms: Record<GroupIndex['table'], PrefixTerms>;

  constructor(
    private readonly db: Database,
    private readonly queries: TrackQueries,
    private readonly rankedSearchLimit = RANKED_SEARCH_LIMIT,
  ) {
    this.prefixTerms = {
      artist_search: new PrefixTerms(db, 'artist_search'),
      album_search: new PrefixTerms(db, 'album_search'),
    };
  }

  searchLibrary(text: string, limits: SearchLimits): LibrarySearchResult {
    const terms = searchTerms(text);
    const songGroup = this.songs(text, limits.songs);
    if (terms.kind === 'everything') {
      const stats = this.queries.stats();
      const artists = this.queries.listArtists();
      const albums = this.queries.listAlbums();
      return {
        artists: { total: stats.artists, items: artists.slice(0, limits.artists) },
        albums: { total: stats.albums, items: albums.slice(0, limits.albums) },
        songs: songGroup,
      };
    }
    if (terms.kind === 'nothing') {
      const none = { total: 0, items: [] };
      return { artists: none, albums: none, songs: songGroup };
    }
    const artists = this.rankedIds(artistIndex, terms, limits.artists);
    const albums = this.rankedIds(albumIndex, terms, limits.albums);
    return {
      artists: { total: artists.total, items: this.queries.listArtists(artists.ids) },
      albums: { total: albums.total, items: this.queries.listAlbums(albums.ids) },
      songs: songGroup,
    };
  }

  private songs(text: string, limit: number): SearchGroup<TrackSummary> {
    // Without songs asked for (the renderer pages through them itself), counting them is enough.
    if (limit === 0) return { total: this.queries.countTracks({ text }), items: [] };
    const page = this.queries.listTracks({ text, offset: 0, limit });
    return { total: page.total, items: page.tracks };
  }

  private rankedIds(index: GroupIndex, { match, key, words }: WordTerms, limit: number) {
    const rowsMatch = this.prefixTerms[index.table].match(words);
    const total =
      this.prepare(`SELECT count(*) FROM ${index.table} WHERE ${index.table} MATCH ?`).get(rowsMatch) ?? 0;
    if (limit === 0 || total === 0) return { total, ids: [] };
    // Past the ranked limit bm25 alone would cost more than the budget: exact and prefix hits
    // still come first, the rest in index order.
    const ranked = total <= this.rankedSearchLimit;
    const ids = this.prepare(
      `SELECT rowid FROM ${index.table} WHERE ${index.table} MATCH ?
        ORDER BY ${rankOrder(index.keyColumn, ranked ? 'rank' : 'rowid')}, rowid LIMIT ?`,
    ).all(ranked ? match : rowsMatch, key, key, key, limit);
    return { total, ids };
  }

  private prepare(sql: string): Statement<unknown[], number> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], number>(sql).pluck();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
