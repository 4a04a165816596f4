import type { Migration } from '../../../base/migrationRunner';

/**
 * Whether a track's cover came from its folder's image (`cover.jpg`, `folder.png`, `front.*`)
 * rather than from the file itself, so that an image added, changed or removed later reaches
 * the songs without art of their own without reading their tags again (issue 24). Tracks
 * imported before this count their cover as their own until their file is read again.
 */
export const migration009: Migration = {
  version: 9,
  name: 'folder cover flag',
  statements: [`ALTER TABLE tracks ADD COLUMN cover_from_folder INTEGER NOT NULL DEFAULT 0;`],
};
