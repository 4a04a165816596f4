/**
 * Watches the library folders and runs an import of one when its files change: after a burst
 * of changes has been quiet for a moment, one folder at a time, and once more when changes
 * arrive while its import runs. A folder that cannot be watched or has gone is reported and
 * left alone, its songs kept: a drive that is not mounted today is no reason to forget them.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../errors';
import { folderImageRank } from './folderCover';
import { TreeWatch } from './treeWatch';
import type { TreeWatchOptions } from './treeWatch';

export interface WatchProblem {
  folder: string;
  /** What happened, in the user's words. */
  message: string;
}

export interface FolderWatcherOptions {
  /**
   * Imports one library folder again; the caller keeps imports from overlapping. `imageFolders`:
   * the folders under it where a folder image (`cover.jpg`...) appeared, changed or went.
   */
  importFolder(folder: string, signal: AbortSignal, imageFolders: string[]): Promise<unknown>;
  onProblem(problem: WatchProblem): void;
  /** How long a folder must be quiet before its import starts. */
  quietMs?: number;
}

interface WatchedFolder {
  watcher: TreeWatch | null;
  timer: NodeJS.Timeout | null;
  importing: boolean;
  /** Changes arrived while importing: import once more when done. */
  changedSince: boolean;
  /** A problem was reported; said once until the folder is watched again. */
  reported: boolean;
  /** Folders where a folder image changed since the last import began. */
  imageFolders: Set<string>;
}

export const DEFAULT_QUIET_MS = 1000;

// The scanner skips hidden entries, so changes to them (editor swap files, sync tools'
// temporary files, .DS_Store) cannot change the library.
function isHidden(relativePath: string): boolean {
  return relativePath.split(/[\\/]/).some((part) => part.startsWith('.'));
}

export class FolderWatcher {
  private readonly folders = new Map<string, WatchedFolder>();
  private readonly stopping = new AbortController();
  private readonly quietMs: number;

  constructor(private readonly options: FolderWatcherOptions) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  }

  /**
   * Watches exactly these folders: starts the new ones, retries failed ones, stops the rest.
   * With `changedSince`, the folders under each one started are watched in the background and
   * what changed since then is imported (a host's start-up, see TreeWatch).
   */
  watchFolders(paths: readonly string[], options: TreeWatchOptions = {}): void {
    if (this.stopping.signal.aborted) return;
    for (const [path, folder] of this.folders) {
      if (!paths.includes(path)) {
        this.unwatch(folder);
        this.folders.delete(path);
      }
    }
    for (const path of paths) {
      let folder = this.folders.get(path);
      if (!folder) {
        folder = {
          watcher: null,
          timer: null,
          importing: false,
          changedSince: false,
          reported: false,
          imageFolders: new Set(),
        };
        this.folders.set(path, folder);
      }
      if (!folder.watcher) this.startWatching(path, folder, options);
    }
  }

  /** Stops watching everything; an import under way is told to stop. */
  close(): void {
    this.stopping.abort();
    for (const folder of this.folders.values()) this.unwatch(folder);
    this.folders.clear();
  }

  private startWatching(path: string, folder: WatchedFolder, options: TreeWatchOptions): void {
    try {
      const watcher = new TreeWatch(
        path,
        {
          onChange: (relative, amongEntries) => {
            if (isHidden(relative)) return;
            // A folder image may be what came or went: its folder's songs are looked at again.
            if (amongEntries) folder.imageFolders.add(join(path, relative));
            else if (folderImageRank(basename(relative)) !== null) {
              folder.imageFolders.add(dirname(join(path, relative)));
            }
            if (folder.watcher === watcher) this.changed(path, folder);
          },
          onError: (error, atRoot) => {
            this.report(path, folder, watchErrorMessage(path, error));
            if (atRoot) this.unwatch(folder);
          },
        },
        options,
      );
      folder.watcher = watcher;
      folder.reported = false;
    } catch (error) {
      this.report(path, folder, watchErrorMessage(path, error));
    }
  }

  private unwatch(folder: WatchedFolder): void {
    folder.watcher?.close();
    folder.watcher = null;
    if (folder.timer) clearTimeout(folder.timer);
    folder.timer = null;
  }

  private changed(path: string, folder: WatchedFolder): void {
    if (folder.timer) clearTimeout(folder.timer);
    folder.timer = setTimeout(() => {
      folder.timer = null;
      void this.importWhenIdle(path, folder);
    }, this.quietMs);
  }

  private async importWhenIdle(path: string, folder: WatchedFolder): Promise<void> {
    if (folder.importing) {
      folder.changedSince = true;
      return;
    }
    folder.importing = true;
    try {
      do {
        folder.changedSince = false;
        if (!(await isFolder(path))) {
          this.report(
            path,
            folder,
            `The library folder "${path}" is gone (moved, deleted or on a drive that is not connected). ` +
              'Its songs stay in the library; import the folder again when it is back.',
          );
          this.unwatch(folder);
          return;
        }
        const imageFolders = [...folder.imageFolders];
        folder.imageFolders.clear();
        await this.options.importFolder(path, this.stopping.signal, imageFolders);
        folder.reported = false;
      } while (folder.changedSince && this.folders.get(path) === folder && !this.stopping.signal.aborted);
    } catch (error) {
      if (!this.stopping.signal.aborted) {
        const reason = error instanceof AppError ? error.message : String(error);
        this.report(path, folder, `Busker could not bring "${path}" up to date: ${reason}`);
      }
    } finally {
      folder.importing = false;
    }
  }

  private report(folder: string, state: WatchedFolder, message: string): void {
    if (state.reported || this.stopping.signal.aborted) return;
    state.reported = true;
    this.options.onProblem({ folder, message });
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function watchErrorMessage(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const start = `Busker cannot watch "${path}" for changes`;
  if (code === 'ENOENT') return `${start}: the folder is gone. Its songs stay in the library.`;
  if (code === 'EACCES' || code === 'EPERM') return `${start}: it is not allowed to. Check its permissions.`;
  if (code === 'ENOSPC' || code === 'EMFILE') {
    return (
      `${start}: the system's limit on watched folders is reached. Raise it (fs.inotify.max_user_watches ` +
      `on Linux), or import the folder again after adding music.`
    );
  }
  return `${start}: ${error instanceof Error ? error.message : String(error)}`;
}
