import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLibraryDatabase } from '../database';
import { TrackRepo } from '../trackRepo';
import { databaseAtVersion, librarySchema } from '../../testSupport/databaseAtVersion';
import { testFolder } from '../../testSupport/testFolder';

const inWorkDir = testFolder('busker-migrate-009-');

test('009 upgrades a version-8 library: its covers count as the songs’ own until read again', () => {
  const file = inWorkDir('upgrade.sqlite');
  databaseAtVersion(
    file,
    librarySchema,
    8,
    `
    INSERT INTO artists (name, sort_name) VALUES ('Nina Simone', 'nina simone');
    INSERT INTO albums (title, artist_id, sort_title) VALUES ('Pastel Blues', 1, 'pastel blues');
    INSERT INTO covers (sha256, mime, bytes) VALUES ('abc', 'image/png', x'89504e47');
    INSERT INTO tracks (path, size, mtime_ms, title, artist_id, album_id, mime, sniffed_type, sort_artist, sort_album, sort_title, cover_id)
    VALUES ('/music/a/sinnerman.flac', 10, 1, 'Sinnerman', 1, 1, 'audio/flac', 'flac', 'n', 'p', 's', 1),
      ('/music/a/be my husband.mp3', 20, 1, 'Be My Husband', 1, 1, 'audio/mpeg', 'mp3', 'n', 'p', 'b', NULL);
  `,
  ).close();
  const db = openLibraryDatabase(file);
  try {
    assert.deepEqual(db.prepare('SELECT cover_from_folder FROM tracks ORDER BY id').pluck().all(), [0, 0]);
    // A folder image now reaches only the song that had no picture.
    const repo = new TrackRepo(db);
    assert.equal(repo.setFolderCover('/music/a', null), 0);
    assert.deepEqual(repo.foldersWithoutOwnCover('/music/'), ['/music/a']);
  } finally {
    db.close();
  }
});
