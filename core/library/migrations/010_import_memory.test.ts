import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { TrackRepo } from '../trackRepo';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-010-');

test('010 upgrades a version-9 library: its tracks kept, nothing remembered yet', () => {
  const file = inWorkDir('upgrade.sqlite');
  databaseAtVersion(
    file,
    librarySchema,
    9,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Pastel Blues', 1, 'pastel blues');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title)
    VALUES ('/music/a/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'n', 'p', 's');
  `,
  ).close();
  const db = openLibraryDatabase(file);
  try {
    const memory = new TrackRepo(db).importMemory;
    assert.equal(db.prepare('SELECT count(*) FROM tracks').pluck().get(), 1);
    assert.equal(memory.folderImage('/music/a'), null);
    assert.equal(memory.refusalsUnder('/music/').size, 0);
    memory.rememberFolderImage('/music/a', {
      folderMtimeMs: 5,
      image: { name: 'cover.jpg', size: 9, mtimeMs: 7 },
    });
    memory.replaceRefusalsUnder(
      '/music/',
      new Map([
        ['/music/a/bomb.flac', { size: 1, mtimeMs: 2, code: 'TAGS_TOO_LARGE' as const, reason: 'too large' }],
      ]),
    );
    assert.deepEqual(memory.folderImage('/music/a'), {
      folderMtimeMs: 5,
      image: { name: 'cover.jpg', size: 9, mtimeMs: 7 },
    });
    assert.deepEqual([...memory.refusalsUnder('/music/a/').keys()], ['/music/a/bomb.flac']);
    assert.equal(memory.refusalsUnder('/musical/').size, 0);
  } finally {
    db.close();
  }
});
