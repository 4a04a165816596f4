import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { openLibraryDatabase } from './database';
import type { LibraryDatabase } from './database';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';
import type { TrackRecord } from './trackRepo';

let workDir: string;
let db: LibraryDatabase;
let queries: TrackQueries;

function record(
  title: string,
  artist: string,
  album: string,
  trackNumber: number | null,
  extra: Partial<TrackRecord> = {},
) {
  return {
    path: `/music/${artist}/${album}/${title}.mp3`,
    size: 1000,
    mtimeMs: 1,
    title,
    artist,
    albumArtist: artist,
    album,
    trackNumber,
    discNumber: null,
    year: 2016,
    durationMs: 180_000,
    mime: 'audio/mpeg',
    sniffedType: 'mp3',
    cover: null,
    replacesId: null,
    ...extra,
  } satisfies TrackRecord;
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-queries-'));
  db = openLibraryDatabase(join(workDir, 'library.sqlite'));
  queries = new TrackQueries(db);
  new TrackRepo(db).saveTracks([
    record('Sorry', 'Beyoncé', 'Lemonade', 2),
    record('Hold Up', 'Beyoncé', 'Lemonade', 1),
    record('Formation', 'Beyoncé', 'Lemonade', 12),
    record('Halo', 'Beyoncé', 'I Am... Sasha Fierce', 1),
    record('Kukushka', 'Кино', 'Звезда по имени Солнце', 3),
    record('Yoake no Uta', '山田太郎', '朝の音', 1, { title: '夜明けの歌' }),
    record('Come Together', 'The Beatles', 'Abbey Road', 1),
    record('Sorry Seems', 'Elton John', 'Hits', 4, { albumArtist: 'Various Artists' }),
  ]);
});

after(async () => {
  db.close();
  await rm(workDir, { recursive: true, force: true });
});

const titles = (tracks: { title: string }[]) => tracks.map((track) => track.title);

describe('listing', () => {
  test('all tracks come in album artist, album, disc, track, title order', () => {
    const page = queries.listTracks({ offset: 0, limit: 100 });
    assert.equal(page.total, 8);
    assert.deepEqual(titles(page.tracks), [
      // "The Beatles" sorts as "beatles"; "Beyoncé" as "beyonce".
      'Come Together',
      'Halo',
      'Hold Up',
      'Sorry',
      'Formation',
      'Sorry Seems',
      'Kukushka',
      '夜明けの歌',
    ]);
  });

  test('pages are slices of the same order', () => {
    const all = queries.listTrackIds({});
    const page = queries.listTracks({ offset: 2, limit: 3 });
    assert.equal(page.offset, 2);
    assert.deepEqual(
      page.tracks.map((track) => track.id),
      all.slice(2, 5),
    );
    assert.deepEqual(queries.listTracks({ offset: 100, limit: 3 }).tracks, []);
  });

  test('an album lists its tracks in track order', () => {
    const lemonade = queries.listAlbums().find((album) => album.title === 'Lemonade');
    assert.ok(lemonade);
    assert.deepEqual([lemonade.artist, lemonade.trackCount, lemonade.year], ['Beyoncé', 3, 2016]);
    assert.deepEqual([lemonade.durationMs, lemonade.discCount], [3 * 180_000, 1]);
    const page = queries.listTracks({ albumId: lemonade.id, offset: 0, limit: 10 });
    assert.deepEqual(titles(page.tracks), ['Hold Up', 'Sorry', 'Formation']);
  });

  test('an artist lists their own tracks and those on albums credited to them', () => {
    const artists = queries.listArtists();
    const beyonce = artists.find((artist) => artist.name === 'Beyoncé');
    assert.deepEqual([beyonce?.albumCount, beyonce?.trackCount], [2, 4]);
    const various = artists.find((artist) => artist.name === 'Various Artists');
    const elton = artists.find((artist) => artist.name === 'Elton John');
    assert.ok(various && elton);
    assert.deepEqual(titles(queries.listTracks({ artistId: various.id, offset: 0, limit: 10 }).tracks), [
      'Sorry Seems',
    ]);
    assert.deepEqual(titles(queries.listTracks({ artistId: elton.id, offset: 0, limit: 10 }).tracks), [
      'Sorry Seems',
    ]);
    // The compilation is among both artists' albums, credited to Various Artists.
    const hits = queries.listAlbums().find((album) => album.title === 'Hits');
    assert.equal(hits?.artistId, various.id);
    assert.deepEqual(hits.artistIds.toSorted(), [various.id, elton.id].toSorted());
  });

  test('an album counts its discs and adds up the lengths it knows', () => {
    const repo = new TrackRepo(db);
    repo.saveTracks([
      record('Side A', 'Disc Band', 'Double', 1, { discNumber: 1 }),
      record('Side C', 'Disc Band', 'Double', 1, { discNumber: 2, durationMs: null }),
    ]);
    const double = queries.listAlbums().find((album) => album.title === 'Double');
    assert.deepEqual([double?.discCount, double?.durationMs, double?.trackCount], [2, 180_000, 2]);
    const doubleIds = queries.listTrackIds({ albumId: double!.id });
    repo.removeTracks(doubleIds);
    assert.equal(
      queries.listAlbums().find((album) => album.title === 'Double'),
      undefined,
    );
  });

  test('getTracks keeps the order asked and leaves out unknown ids', () => {
    const ids = queries.listTrackIds({});
    const wanted = [ids[5]!, 999_999, ids[0]!, ids[3]!];
    assert.deepEqual(
      queries.getTracks(wanted).map((track) => track.id),
      [ids[5], ids[0], ids[3]],
    );
    assert.deepEqual(queries.getTracks([]), []);
  });

  test('stats count tracks, albums and artists', () => {
    assert.deepEqual(queries.stats(), { tracks: 8, albums: 6, artists: 6 });
  });

  test('unknown ids give no file and no cover', () => {
    assert.equal(queries.trackFile(999_999), null);
    assert.equal(queries.coverImage(999_999), null);
    const [id] = queries.listTrackIds({ text: 'formation' });
    assert.deepEqual(queries.trackFile(id!), {
      path: '/music/Beyoncé/Lemonade/Formation.mp3',
      mime: 'audio/mpeg',
      size: 1000,
    });
  });
});

describe('sorting by a column', () => {
  test('title sorts A→Z and reversed; pages and ids follow the same order', () => {
    const up = titles(
      queries.listTracks({ offset: 0, limit: 100, sort: { column: 'title', descending: false } }).tracks,
    );
    assert.deepEqual(up.slice(0, 3), ['Come Together', 'Formation', 'Halo']);
    const down = queries.listTracks({
      offset: 0,
      limit: 100,
      sort: { column: 'title', descending: true },
    }).tracks;
    assert.deepEqual(titles(down), [...up].reverse());
    assert.deepEqual(
      queries.listTrackIds({ sort: { column: 'title', descending: true } }),
      down.map((track) => track.id),
    );
    const second = queries.listTracks({ offset: 1, limit: 2, sort: { column: 'title', descending: false } });
    assert.deepEqual(titles(second.tracks), up.slice(1, 3));
  });

  test('a sorted search lists its matches in that column’s order, not by rank', () => {
    const found = queries.listTracks({
      text: 'sorry',
      offset: 0,
      limit: 10,
      sort: { column: 'artist', descending: true },
    });
    assert.deepEqual(titles(found.tracks), ['Sorry Seems', 'Sorry']);
    assert.equal(found.total, 2);
  });
});

describe('search', () => {
  const search = (text: string) => titles(queries.listTracks({ text, offset: 0, limit: 50 }).tracks);

  test('a prefix without its accent finds the accented name', () => {
    assert.deepEqual(search('beyon').sort(), ['Formation', 'Halo', 'Hold Up', 'Sorry']);
  });

  test('every word must match, in any column', () => {
    assert.deepEqual(search('sorry lemon'), ['Sorry']);
    assert.deepEqual(search('кино звезда'), ['Kukushka']);
    assert.deepEqual(search('夜明け'), ['夜明けの歌']);
  });

  test('title hits rank above artist and album hits', () => {
    assert.deepEqual(search('sorry'), ['Sorry', 'Sorry Seems']);
    const ranked = search('halo');
    assert.equal(ranked[0], 'Halo');
  });

  test('a search too broad to rank lists its hits in library order, the same for pages and ids', () => {
    const unranked = new TrackQueries(db, 2);
    const page = unranked.listTracks({ text: 'beyon', offset: 0, limit: 50 });
    assert.equal(page.total, 4);
    // Saved in this order: Sorry, Hold Up, Formation, Halo.
    assert.deepEqual(titles(page.tracks), ['Sorry', 'Hold Up', 'Formation', 'Halo']);
    assert.deepEqual(
      unranked.listTrackIds({ text: 'beyon' }),
      page.tracks.map((track) => track.id),
    );
    const lemonade = queries.listAlbums().find((album) => album.title === 'Lemonade');
    assert.deepEqual(
      titles(unranked.listTracks({ text: 'lemon', albumId: lemonade!.id, offset: 1, limit: 1 }).tracks),
      ['Hold Up'],
    );
  });

  test('search combines with an album filter', () => {
    const lemonade = queries.listAlbums().find((album) => album.title === 'Lemonade');
    assert.deepEqual(
      titles(queries.listTracks({ text: 'sorry', albumId: lemonade!.id, offset: 0, limit: 9 }).tracks),
      ['Sorry'],
    );
  });

  test('blank text lists everything; text without a word (symbols, emoji) matches nothing', () => {
    assert.equal(queries.listTracks({ text: '   ', offset: 0, limit: 50 }).total, 8);
    for (const text of ['"*(-)', '🎸', '🎸 🥁', '♪ ♫', '…', '\u200d']) {
      assert.deepEqual(
        queries.listTracks({ text, offset: 0, limit: 50 }),
        { total: 0, offset: 0, tracks: [] },
        text,
      );
      assert.deepEqual(queries.listTrackIds({ text }), [], text);
    }
  });

  test('FTS syntax in user text is searched as words, never run', () => {
    assert.deepEqual(search('NEAR(sorry'), []);
    assert.deepEqual(search('"hold" OR up*'), []);
    assert.deepEqual(search('-sorry'), ['Sorry', 'Sorry Seems']);
    assert.deepEqual(search('hold AND'), []);
  });

  test('no text at all makes the search fail', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const page = queries.listTracks({ text, offset: 0, limit: 5 });
        assert.ok(page.total >= 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('counts kept between calls', () => {
  // A count is kept while the library is unchanged; every kind of change must show at once.
  let countDir: string;
  let countDb: LibraryDatabase;
  let counted: TrackQueries;
  let repo: TrackRepo;
  const songsMatching = (text: string) => counted.countTracks({ text });
  const listedMatching = (text: string) => counted.listTracks({ text, offset: 0, limit: 10 }).total;

  before(async () => {
    countDir = await mkdtemp(join(tmpdir(), 'busker-counts-'));
    countDb = openLibraryDatabase(join(countDir, 'library.sqlite'));
    counted = new TrackQueries(countDb);
    repo = new TrackRepo(countDb);
    repo.saveTracks([record('Golden One', 'Aurora', 'Dawn', 1), record('Golden Two', 'Aurora', 'Dawn', 2)]);
  });
  after(async () => {
    countDb.close();
    await rm(countDir, { recursive: true, force: true });
  });

  test('a write on this connection shows in the next count, added or removed', () => {
    assert.equal(listedMatching('golden'), 2);
    assert.equal(songsMatching('golden'), 2);
    repo.saveTracks([record('Golden Three', 'Aurora', 'Dawn', 3)]);
    assert.equal(songsMatching('golden'), 3);
    assert.equal(listedMatching('golden'), 3);
    const page = counted.listTracks({ text: 'golden three', offset: 0, limit: 1 });
    repo.removeTracks(page.tracks.map((track) => track.id));
    assert.equal(songsMatching('golden'), 2);
    assert.equal(listedMatching('golden'), 2);
  });

  test('a write from another connection to the same file shows too', () => {
    assert.equal(songsMatching('golden'), 2);
    const other = openLibraryDatabase(join(countDir, 'library.sqlite'));
    try {
      new TrackRepo(other).saveTracks([record('Golden Four', 'Aurora', 'Dawn', 4)]);
    } finally {
      other.close();
    }
    assert.equal(songsMatching('golden'), 3);
  });

  test('a count taken inside a transaction that rolls back is not kept', () => {
    const before = songsMatching('golden');
    assert.throws(() =>
      countDb.transaction(() => {
        repo.saveTracks([record('Golden Five', 'Aurora', 'Dawn', 5)]);
        assert.equal(songsMatching('golden'), before + 1);
        throw new Error('rolled back');
      })(),
    );
    assert.equal(songsMatching('golden'), before);
  });
});
