import type { Migration } from '../../../base/migrationRunner';

/**
 * What an import learned that a re-import can trust while the files stay as they were (issue
 * 23): each folder image used for songs without art of their own, by the folder's and the
 * image's size and time, so an unchanged folder costs a stat; and each file refused for its
 * tags (too large, too slow to read), by its size and time, so a tag bomb is not read again,
 * up to its deadline, on every import.
 */
export const migration010: Migration = {
  version: 10,
  name: 'import memory',
  statements: [
    `CREATE TABLE folder_images (
      folder TEXT PRIMARY KEY,
      folder_mtime_ms INTEGER NOT NULL,
      image_name TEXT,
      image_size INTEGER,
      image_mtime_ms INTEGER
    ) WITHOUT ROWID;`,
    `CREATE TABLE refused_files (
      path TEXT PRIMARY KEY,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      code TEXT NOT NULL,
      reason TEXT NOT NULL
    ) WITHOUT ROWID;`,
  ],
};
