/**
 * What the library remembers between imports beyond its tracks (migration 010): the folder
 * images it gave to songs without art of their own, and the files it refused for their tags.
 * Both are keyed by size and modification time, like tracks: an unchanged entry is trusted, a
 * changed one is looked at again.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ImportIssueCode } from '../api/appApi';
import { pathRangeUnder } from './pathRange';

/** A folder's state when its image was last read; `image` null when it had none usable. */
export interface FolderImageState {
  folderMtimeMs: number;
  image: { name: string; size: number; mtimeMs: number } | null;
}

export interface Refusal {
  size: number;
  mtimeMs: number;
  code: ImportIssueCode;
  reason: string;
}

/**
 * Refusals worth remembering: costly to reach again (a cap's reads) and decided by the file
 * alone. TOO_SLOW is not: a good file read while the machine was busy may pass next time, so it
 * is tried again at each import, up to its deadline.
 */
export const rememberedRefusalCodes: ReadonlySet<ImportIssueCode> = new Set(['TAGS_TOO_LARGE']);

interface FolderImageRow {
  folderMtimeMs: number;
  imageName: string | null;
  imageSize: number | null;
  imageMtimeMs: number | null;
}

export class ImportMemory {
  private readonly statements: {
    folderImage: Statement<[string], FolderImageRow>;
    putFolderImage: Statement<[string, number, string | null, number | null, number | null]>;
    refusalsUnder: Statement<[string, string], Refusal & { path: string }>;
    forgetRefusalsUnder: Statement<[string, string]>;
    putRefusal: Statement<[string, number, number, string, string]>;
  };

  constructor(private readonly db: Database) {
    this.statements = {
      folderImage: db.prepare(
        `SELECT folder_mtime_ms AS folderMtimeMs, image_name AS imageName, image_size AS imageSize,
           image_mtime_ms AS imageMtimeMs FROM folder_images WHERE folder = ?`,
      ),
      putFolderImage: db.prepare('INSERT OR REPLACE INTO folder_images VALUES (?, ?, ?, ?, ?)'),
      refusalsUnder: db.prepare(
        'SELECT path, size, mtime_ms AS mtimeMs, code, reason FROM refused_files WHERE path >= ? AND path < ?',
      ),
      forgetRefusalsUnder: db.prepare('DELETE FROM refused_files WHERE path >= ? AND path < ?'),
      putRefusal: db.prepare('INSERT OR REPLACE INTO refused_files VALUES (?, ?, ?, ?, ?)'),
    };
  }

  folderImage(folder: string): FolderImageState | null {
    const row = this.statements.folderImage.get(folder);
    if (!row) return null;
    const { folderMtimeMs, imageName, imageSize, imageMtimeMs } = row;
    return {
      folderMtimeMs,
      image:
        imageName === null || imageSize === null || imageMtimeMs === null
          ? null
          : { name: imageName, size: imageSize, mtimeMs: imageMtimeMs },
    };
  }

  rememberFolderImage(folder: string, state: FolderImageState): void {
    const { image } = state;
    this.statements.putFolderImage.run(
      folder,
      Math.trunc(state.folderMtimeMs),
      image?.name ?? null,
      image?.size ?? null,
      image ? Math.trunc(image.mtimeMs) : null,
    );
  }

  /** The refused files under a folder (an absolute path ending in a separator), by path. */
  refusalsUnder(folderWithSeparator: string): Map<string, Refusal> {
    const refusals = new Map<string, Refusal>();
    for (const { path, ...refusal } of this.statements.refusalsUnder.iterate(
      ...pathRangeUnder(folderWithSeparator),
    )) {
      if (rememberedRefusalCodes.has(refusal.code)) refusals.set(path, refusal);
    }
    return refusals;
  }

  /**
   * Replaces the refusals under a folder with those of an import that walked all of it: a file
   * gone, or read fine this time, is forgotten.
   */
  replaceRefusalsUnder(folderWithSeparator: string, refusals: Map<string, Refusal>): void {
    this.db.transaction(() => {
      this.statements.forgetRefusalsUnder.run(...pathRangeUnder(folderWithSeparator));
      for (const [path, { size, mtimeMs, code, reason }] of refusals) {
        this.statements.putRefusal.run(path, size, Math.trunc(mtimeMs), code, reason);
      }
    })();
  }
}
