import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CatalogueTrackEntry } from './catalogueTracks';
import { CatalogueTracks } from './catalogueTracks';
import { openLibraryDatabase } from './database';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-catalogue-tracks-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const entry: CatalogueTrackEntry = {
  chainId: 31337,
  artist: '0x' + 'Cd'.repeat(20),
  trackId: 0,
  audioCid: 'bafkreiexample',
  keyCommitment: '0x' + '11'.repeat(32),
  title: 'Ünïcode <b>title</b>',
  artistName: 'Les Ondes',
  taggedArtist: 'Les Ondes',
  album: 'Première',
  trackNumber: 1,
  durationMs: 215_000,
  mime: 'audio/flac',
  size: 1234,
};

test('a catalogue track is listed and searchable like a file, and is never served from disk', () => {
  const db = openLibraryDatabase(join(workDir, 'listed.sqlite'));
  const repo = new TrackRepo(db);
  const catalogue = new CatalogueTracks(db, repo);
  const queries = new TrackQueries(db);
  const id = catalogue.save(entry);

  const [summary] = queries.getTracks([id]);
  assert.equal(summary?.title, entry.title);
  assert.equal(summary?.artist, 'Les Ondes');
  assert.deepEqual(queries.listTrackIds({ text: 'premiere' }), [id]);
  assert.equal(queries.trackFile(id), null);
  assert.deepEqual(catalogue.media(id), {
    chainId: 31337,
    artist: entry.artist.toLowerCase(),
    trackId: 0,
    audioCid: entry.audioCid,
    keyCommitment: entry.keyCommitment,
    mime: 'audio/flac',
  });
  db.close();
});

test('saving the same on-chain track again updates its row in place', () => {
  const db = openLibraryDatabase(join(workDir, 'updated.sqlite'));
  const catalogue = new CatalogueTracks(db, new TrackRepo(db));
  const queries = new TrackQueries(db);
  const id = catalogue.save(entry);
  const again = catalogue.save({ ...entry, title: 'Renamed', audioCid: 'bafkreiother' });
  assert.equal(again, id);
  assert.equal(queries.getTracks([id])[0]?.title, 'Renamed');
  assert.equal(catalogue.media(id)?.audioCid, 'bafkreiother');
  assert.deepEqual(queries.listTrackIds({ text: 'premiere' }), [id]);
  assert.equal(queries.stats().tracks, 1);
  db.close();
});

test('an imported file is not catalogue media', () => {
  const db = openLibraryDatabase(join(workDir, 'file.sqlite'));
  const repo = new TrackRepo(db);
  repo.saveTracks([
    {
      path: '/music/a.flac',
      size: 1,
      mtimeMs: 1,
      mime: 'audio/flac',
      sniffedType: 'flac',
      replacesId: null,
      title: 'A',
      artist: 'B',
      albumArtist: 'B',
      album: 'C',
      trackNumber: null,
      discNumber: null,
      year: null,
      durationMs: null,
      cover: null,
    },
  ]);
  assert.equal(new CatalogueTracks(db, repo).media(1), null);
  assert.deepEqual(new TrackQueries(db).trackFile(1), { path: '/music/a.flac', mime: 'audio/flac', size: 1 });
  db.close();
});

test('who is paid is the on-chain name, and a catalogue track never joins a local album or artist', () => {
  const db = openLibraryDatabase(join(workDir, 'impostor.sqlite'));
  const repo = new TrackRepo(db);
  const queries = new TrackQueries(db);
  repo.saveTracks([
    {
      path: '/music/famous.flac',
      size: 1,
      mtimeMs: 1,
      mime: 'audio/flac',
      sniffedType: 'flac',
      replacesId: null,
      title: 'Real Hit',
      artist: 'Famous Band',
      albumArtist: 'Famous Band',
      album: 'Greatest Hits',
      trackNumber: 1,
      discNumber: null,
      year: 2001,
      durationMs: null,
      cover: null,
    },
  ]);
  const catalogue = new CatalogueTracks(db, repo);
  // Metadata claiming a famous band and its album, published by a contract named "Impostor"; and
  // a second contract that took the famous band's very name.
  const impostor = catalogue.save({
    ...entry,
    title: 'Fake Hit',
    artistName: 'Impostor',
    taggedArtist: 'Famous Band',
    album: 'Greatest Hits',
  });
  const namesake = catalogue.save({
    ...entry,
    trackId: 1,
    title: 'Namesake Hit',
    artistName: 'Famous Band',
    taggedArtist: 'Famous Band',
    album: 'Greatest Hits',
  });

  const [fake, same] = queries.getTracks([impostor, namesake]);
  assert.equal(fake?.artist, 'Impostor');
  assert.equal(fake?.taggedArtist, 'Famous Band');
  assert.equal(fake?.albumId, null);
  assert.equal(fake?.artistId, null);
  assert.equal(same?.artist, 'Famous Band');
  assert.equal(same?.taggedArtist, undefined, 'no secondary text when the tag names who is paid');

  assert.deepEqual(
    queries.listAlbums().map((album) => [album.title, album.artist, album.trackCount]),
    [['Greatest Hits', 'Famous Band', 1]],
  );
  assert.deepEqual(
    queries.listArtists().map((artist) => [artist.name, artist.albumCount, artist.trackCount]),
    [['Famous Band', 1, 1]],
  );
  const [local] = queries.listTracks({ text: 'real hit', offset: 0, limit: 1 }).tracks;
  assert.deepEqual(queries.listTrackIds({ albumId: local!.albumId! }), [local!.id]);
  assert.deepEqual(queries.listTrackIds({ artistId: local!.artistId! }), [local!.id]);
  assert.deepEqual(queries.stats(), { tracks: 3, albums: 1, artists: 1 });
  // Still found by search, under either name.
  assert.deepEqual(
    new Set(queries.listTrackIds({ text: 'famous' })),
    new Set([local!.id, impostor, namesake]),
  );
  assert.deepEqual(queries.listTrackIds({ text: 'impostor' }), [impostor]);
  db.close();
});
