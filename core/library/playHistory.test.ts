// Play history through the library's own classes on a real SQLite file.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAppArgs } from '../api/appApiSchemas';
import { AppError } from '../errors';
import type { LibraryDatabase } from './database';
import { openLibraryDatabase } from './database';
import { PlayHistory } from './playHistory';
import { TrackQueries } from './trackQueries';
import type { TrackRecord } from './trackRepo';
import { TrackRepo } from './trackRepo';

let workDir: string;
let db: LibraryDatabase;
let queries: TrackQueries;
let history: PlayHistory;
let repo: TrackRepo;
const ids = new Map<string, number>();

function record(title: string): TrackRecord {
  return {
    path: `/music/${title}.flac`,
    size: 1000,
    mtimeMs: 1,
    title,
    artist: 'Nina Simone',
    albumArtist: 'Nina Simone',
    album: 'Pastel Blues',
    trackNumber: null,
    discNumber: null,
    year: 1965,
    durationMs: 180_000,
    mime: 'audio/flac',
    sniffedType: 'flac',
    cover: null,
    replacesId: null,
  };
}

const titlesOf = (query: Parameters<TrackQueries['listTrackIds']>[0]) =>
  queries.getTracks(queries.listTrackIds(query)).map((track) => track.title);

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-plays-'));
  db = openLibraryDatabase(join(workDir, 'library.sqlite'));
  queries = new TrackQueries(db);
  history = new PlayHistory(db);
  repo = new TrackRepo(db);
  // Three imports, one after another: "Sinnerman" is the newest.
  for (const title of ['Be My Husband', 'Ain’t No Use', 'Sinnerman']) repo.saveTracks([record(title)]);
  for (const track of queries.getTracks(queries.listTrackIds({}))) ids.set(track.title, track.id);
});

after(async () => {
  db.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('play history', () => {
  test('a track not played yet has no count and no last play, and is not recently played', () => {
    const [track] = queries.getTracks([ids.get('Sinnerman')!]);
    assert.equal(track?.playCount, 0);
    assert.equal(track?.lastPlayedAt, null);
    assert.deepEqual(titlesOf({ recent: 'played' }), []);
  });

  test('plays count per track; recently played lists the last played first', () => {
    history.record(ids.get('Be My Husband')!, 1_000);
    history.record(ids.get('Sinnerman')!, 2_000);
    history.record(ids.get('Be My Husband')!, 3_000);
    const [husband, sinnerman] = queries.getTracks([ids.get('Be My Husband')!, ids.get('Sinnerman')!]);
    assert.deepEqual([husband?.playCount, husband?.lastPlayedAt], [2, 3_000]);
    assert.deepEqual([sinnerman?.playCount, sinnerman?.lastPlayedAt], [1, 2_000]);
    assert.deepEqual(titlesOf({ recent: 'played' }), ['Be My Husband', 'Sinnerman']);
    const page = queries.listTracks({ recent: 'played', offset: 0, limit: 10 });
    assert.equal(page.total, 2);
    assert.deepEqual(
      page.tracks.map((track) => track.title),
      ['Be My Husband', 'Sinnerman'],
    );
  });

  test('recently added lists the newest import first', () => {
    assert.deepEqual(titlesOf({ recent: 'added' }), ['Sinnerman', 'Ain’t No Use', 'Be My Husband']);
    assert.equal(queries.listTracks({ recent: 'added', offset: 0, limit: 1 }).tracks[0]?.title, 'Sinnerman');
  });

  test('sorting by plays or by last played puts never-played tracks first, and reverses', () => {
    const sorted = (column: 'plays' | 'lastPlayed', descending: boolean) =>
      titlesOf({ sort: { column, descending } });
    assert.deepEqual(sorted('plays', false), ['Ain’t No Use', 'Sinnerman', 'Be My Husband']);
    assert.deepEqual(sorted('plays', true), ['Be My Husband', 'Sinnerman', 'Ain’t No Use']);
    assert.deepEqual(sorted('lastPlayed', false), ['Ain’t No Use', 'Sinnerman', 'Be My Husband']);
    assert.deepEqual(sorted('lastPlayed', true), ['Be My Husband', 'Sinnerman', 'Ain’t No Use']);
    // The column wins over "Recently played"'s own order; pages follow the same order.
    assert.deepEqual(titlesOf({ recent: 'played', sort: { column: 'plays', descending: false } }), [
      'Sinnerman',
      'Be My Husband',
    ]);
    const page = queries.listTracks({ offset: 1, limit: 1, sort: { column: 'plays', descending: true } });
    assert.deepEqual(
      page.tracks.map((track) => [track.title, track.playCount]),
      [['Sinnerman', 1]],
    );
  });

  test('a sort column outside the list is refused before any SQL is built', () => {
    const sort = { column: 'played_at; DROP TABLE plays', descending: false };
    assert.throws(() => parseAppArgs('listTracks', [{ offset: 0, limit: 10, sort }]), AppError);
    assert.doesNotThrow(() =>
      parseAppArgs('listTracks', [
        { offset: 0, limit: 10, sort: { column: 'lastPlayed', descending: true } },
      ]),
    );
  });

  test('a play of a track that is not in the library is refused in words, and nothing is written', () => {
    const before = db.prepare('SELECT count(*) FROM plays').pluck().get();
    assert.throws(
      () => history.record(999_999),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'NOT_FOUND' &&
        /no longer in your library/.test(error.message),
    );
    assert.equal(db.prepare('SELECT count(*) FROM plays').pluck().get(), before);
  });

  test('removing a track forgets its plays', () => {
    repo.removeTracks([ids.get('Sinnerman')!]);
    assert.deepEqual(titlesOf({ recent: 'played' }), ['Be My Husband']);
  });
});
