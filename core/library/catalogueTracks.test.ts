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
