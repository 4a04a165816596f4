/**
 * The folders the listener imported. None lies inside another: importing a subfolder of a
 * known folder adds nothing, importing a parent takes the place of the folders inside it.
 */
import { resolve, sep } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { LibraryFolder } from '../api/appApi';
import { AppError } from '../errors';
import type { TrackRepo } from './trackRepo';
import { pathRangeUnder } from './pathRange';

function withSeparator(folder: string): string {
  return folder.endsWith(sep) ? folder : folder + sep;
}

/** True when `path` is `folder` itself or anything inside it. */
export function isWithinFolder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(withSeparator(folder));
}

export class LibraryFolders {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly tracks: TrackRepo,
  ) {
    this.statements = {
      list: db.prepare<[], { path: string; lastImportAt: number | null }>(
        'SELECT path, last_import_at AS lastImportAt FROM library_folders ORDER BY path',
      ),
      countTracks: db
        .prepare<[string, string], number>('SELECT count(*) FROM tracks WHERE path >= ? AND path < ?')
        .pluck(),
      insert: db.prepare<[string, number, number]>(
        'INSERT INTO library_folders (path, added_at, last_import_at) VALUES (?, ?, ?)',
      ),
      touch: db.prepare<[number, string]>('UPDATE library_folders SET last_import_at = ? WHERE path = ?'),
      remove: db.prepare<[string]>('DELETE FROM library_folders WHERE path = ?'),
    };
  }

  list(): LibraryFolder[] {
    return this.statements.list.all().map((row) => ({
      path: row.path,
      trackCount: this.statements.countTracks.get(...pathRangeUnder(withSeparator(row.path))) ?? 0,
      lastImportAt: row.lastImportAt,
    }));
  }

  paths(): string[] {
    return this.statements.list.all().map((row) => row.path);
  }

  has(path: string): boolean {
    return this.paths().includes(path);
  }

  /** Remembers that `root` (an absolute real path) was just imported. */
  recordImport(root: string, at: number = Date.now()): void {
    this.db.transaction(() => {
      const known = this.paths();
      if (known.includes(root)) {
        this.statements.touch.run(at, root);
        return;
      }
      // A subfolder's songs are already counted, and watched, under its library folder.
      if (known.some((folder) => isWithinFolder(root, folder))) return;
      for (const child of known.filter((folder) => isWithinFolder(folder, root))) {
        this.statements.remove.run(child);
      }
      this.statements.insert.run(root, at, at);
    })();
  }

  /** Forgets a library folder and removes its tracks (and what only they used) from the library. */
  remove(path: string): void {
    const folder = resolve(path);
    if (!this.has(folder)) {
      throw new AppError(
        'NOT_FOUND',
        `"${folder}" is not one of the library's folders. Its list may be out of date: reopen it and try again.`,
      );
    }
    this.db.transaction(() => {
      const ids = [...this.tracks.fileStatesUnder(withSeparator(folder)).values()].map((state) => state.id);
      this.tracks.removeTracks(ids);
      this.statements.remove.run(folder);
    })();
  }
}
