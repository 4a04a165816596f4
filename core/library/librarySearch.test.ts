import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LibrarySearchResult } from '../api/appApi';
import { openLibraryDatabase } from './database';
import type { LibraryDatabase } from './database';
import { LibrarySearch } from './librarySearch';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';
import type { TrackRecord } from './trackRepo';

let workDir: string;
let db: LibraryDatabase;
let repo: TrackRepo;
let search: LibrarySearch;

function record(title: string, artist: string, album: string, extra: Partial<TrackRecord> = {}) {
  return {
    path: `/music/${artist}/${album}/${title}.flac`,
    size: 1000,
    mtimeMs: 1,
    title,
    artist,
    albumArtist: artist,
    album,
    trackNumber: null,
    discNumber: null,
    year: 2001,
    durationMs: 180_000,
    mime: 'audio/flac',
    sniffedType: 'flac',
    cover: null,
    replacesId: null,
    ...extra,
  } satisfies TrackRecord;
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-grouped-search-'));
  db = openLibraryDatabase(join(workDir, 'library.sqlite'));
  repo = new TrackRepo(db);
  const queries = new TrackQueries(db);
  search = new LibrarySearch(db, queries);
  // Saved so that library order is the reverse of the ranking the tests expect.
  repo.saveTracks([
    record('Love Me Do', 'The Rain Lovers', 'Rain Songs Of Love'),
    record('Sweet Lovely Day', 'Lovebirds', 'Lovesongs'),
    record('Love', 'Love', 'Love'),
    record('Svefn-g-englar', 'Sigur Rós', 'Ágætis byrjun'),
    record('Straße', 'Die Ærzte', 'Øl og Ðøgn'),
  ]);
});

after(async () => {
  db.close();
  await rm(workDir, { recursive: true, force: true });
});

const limits = { artists: 10, albums: 10, songs: 10 };
const names = (result: LibrarySearchResult) => ({
  artists: result.artists.items.map((artist) => artist.name),
  albums: result.albums.items.map((album) => album.title),
  songs: result.songs.items.map((track) => track.title),
});

describe('grouped search', () => {
  test('each group ranks the exact name first, then names starting with it, then the rest', () => {
    const result = search.searchLibrary('love', limits);
    assert.deepEqual(names(result), {
      artists: ['Love', 'Lovebirds', 'The Rain Lovers'],
      albums: ['Love', 'Lovesongs', 'Rain Songs Of Love'],
      songs: ['Love', 'Love Me Do', 'Sweet Lovely Day'],
    });
    assert.deepEqual([result.artists.total, result.albums.total, result.songs.total], [3, 3, 3]);
  });

  test('past the ranked limit, exact and prefix hits still come first', () => {
    const broad = new LibrarySearch(db, new TrackQueries(db), 1);
    const result = broad.searchLibrary('love', limits);
    assert.deepEqual(names(result).artists, ['Love', 'Lovebirds', 'The Rain Lovers']);
    assert.deepEqual(names(result).albums, ['Love', 'Lovesongs', 'Rain Songs Of Love']);
  });

  test('a two-word query is exact on the whole name; an album is found by its artist too', () => {
    assert.deepEqual(names(search.searchLibrary('rain lovers', limits)), {
      artists: ['The Rain Lovers'],
      albums: ['Rain Songs Of Love'],
      songs: ['Love Me Do'],
    });
  });

  test('folded letters find each other both ways', () => {
    assert.deepEqual(names(search.searchLibrary('agaetis', limits)).albums, ['Ágætis byrjun']);
    assert.deepEqual(names(search.searchLibrary('Ágætis', limits)).songs, ['Svefn-g-englar']);
    assert.deepEqual(names(search.searchLibrary('aerzte', limits)), {
      artists: ['Die Ærzte'],
      albums: ['Øl og Ðøgn'],
      songs: ['Straße'],
    });
    assert.deepEqual(names(search.searchLibrary('strasse', limits)).songs, ['Straße']);
    assert.deepEqual(names(search.searchLibrary('ol og dogn', limits)).albums, ['Øl og Ðøgn']);
  });

  test('limits cap the items, never the totals', () => {
    const result = search.searchLibrary('love', { artists: 1, albums: 0, songs: 2 });
    assert.deepEqual(names(result), { artists: ['Love'], albums: [], songs: ['Love', 'Love Me Do'] });
    assert.deepEqual([result.artists.total, result.albums.total, result.songs.total], [3, 3, 3]);
  });

  test('with no songs asked for, the songs are still counted', () => {
    const result = search.searchLibrary('love', { artists: 0, albums: 0, songs: 0 });
    assert.deepEqual(names(result), { artists: [], albums: [], songs: [] });
    assert.deepEqual([result.artists.total, result.albums.total, result.songs.total], [3, 3, 3]);
    assert.equal(search.searchLibrary('🎸', { artists: 0, albums: 0, songs: 0 }).songs.total, 0);
  });

  test('emoji and symbols alone find nothing in any group; beside a word they are ignored', () => {
    for (const text of ['🎸', '🎸 🎻', '***', '♥']) {
      const result = search.searchLibrary(text, limits);
      assert.deepEqual(names(result), { artists: [], albums: [], songs: [] }, text);
      assert.deepEqual([result.artists.total, result.albums.total, result.songs.total], [0, 0, 0]);
    }
    assert.deepEqual(names(search.searchLibrary('🎸 sigur', limits)).artists, ['Sigur Rós']);
  });

  test('blank text lists every group', () => {
    const result = search.searchLibrary('  ', limits);
    assert.deepEqual([result.artists.total, result.albums.total, result.songs.total], [5, 5, 5]);
    assert.equal(result.artists.items.length, 5);
  });

  test('a word nobody has finds nothing', () => {
    const result = search.searchLibrary('zzyzx', limits);
    assert.deepEqual([result.artists.total, result.albums.total, result.songs.total], [0, 0, 0]);
  });

  test('removing the last track of an artist and album takes them out of the search', () => {
    const [id] = new TrackQueries(db).listTrackIds({ text: 'svefn' });
    repo.removeTracks([id!]);
    assert.deepEqual(names(search.searchLibrary('sigur agaetis', limits)), {
      artists: [],
      albums: [],
      songs: [],
    });
    assert.deepEqual(
      db.prepare(`SELECT count(*) FROM artist_search WHERE artist_search MATCH '"sigur"*'`).pluck().get(),
      0,
    );
  });
});
