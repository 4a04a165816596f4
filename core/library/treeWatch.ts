/**
 * Watches one library folder's tree directory by directory. Node's recursive watch on Linux puts
 * a watch on every file, walking the whole tree before it returns: at 20,000 songs that held a
 * start for a second, kept 20,000 watches in memory and ran into the system's watch limit. A
 * directory's watch already reports its files coming, going and changing, so one per directory
 * does: added as the tree's folders are walked (at once, so no change falls between the import
 * and the watch; files are not visited) and as new folders appear. Hidden
 * folders and links are not followed, as the scanner does not follow them out of the folder.
 */
import { readdirSync, watch } from 'node:fs';
import type { Dirent, FSWatcher } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface TreeWatchEvents {
  /** Something changed at `relativePath` (a file or folder under the root). */
  onChange(relativePath: string): void;
  /**
   * The root's watch failed (`atRoot`: the whole tree is off), or a folder under it could not be
   * watched (the system's watch limit, its permissions): the rest is still watched.
   */
  onError(error: unknown, atRoot: boolean): void;
}

export class TreeWatch {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  /** Watches the root (throws when it cannot) and every folder under it before it returns. */
  constructor(
    private readonly root: string,
    private readonly events: TreeWatchEvents,
  ) {
    this.watchFolder(root, { throwing: true });
    this.watchBelow(root);
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watchFolder(folder: string, { throwing = false } = {}): void {
    if (this.closed || this.watchers.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder);
    } catch (error) {
      if (throwing) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.events.onError(error, false);
      return;
    }
    this.watchers.set(folder, watcher);
    watcher.on('change', (type, name) => {
      const entry = typeof name === 'string' ? name : (name?.toString() ?? '');
      if (entry === '' || entry.startsWith('.')) return;
      const path = join(folder, entry);
      this.events.onChange(relative(this.root, path));
      if (type === 'rename') void this.folderAppearedOrWent(path);
    });
    watcher.on('error', (error) => {
      if (folder === this.root) this.events.onError(error, true);
      else this.forget(folder);
    });
  }

  /** Watches every folder under `folder` (already watched itself), before it returns. */
  private watchBelow(folder: string): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // gone or unreadable meanwhile: nothing under it to watch
    }
    for (const entry of entries) {
      if (this.closed) return;
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const below = join(folder, entry.name);
      this.watchFolder(below);
      this.watchBelow(below);
    }
  }

  private async folderAppearedOrWent(path: string): Promise<void> {
    const kind = await lstat(path).catch(() => null);
    if (kind?.isDirectory()) {
      this.watchFolder(path);
      this.watchBelow(path);
    } else if (!kind) this.forget(path);
  }

  /** Stops watching a folder that went, and everything that was under it. */
  private forget(folder: string): void {
    for (const [path, watcher] of this.watchers) {
      if (path !== this.root && (path === folder || path.startsWith(folder + sep))) {
        watcher.close();
        this.watchers.delete(path);
      }
    }
  }
}
