/**
 * Watches one library folder's tree directory by directory. Node's recursive watch on Linux puts
 * a watch on every file, walking the whole tree before it returns: at 20,000 songs that held a
 * start for a second, kept 20,000 watches in memory and ran into the system's watch limit. A
 * directory's watch already reports its files coming, going and changing, so one per directory
 * does: added as the tree's folders are walked (at once, so no change falls between the import
 * and the watch; files are not visited) and as new folders appear. Hidden
 * folders and links are not followed, as the scanner does not follow them out of the folder.
 *
 * A host starting up need not wait for that walk (at 20,000 songs, tens of milliseconds before
 * its window or URL): given `changedSince`, only the root is watched at once and the folders
 * below are walked in slices that leave the event loop free. Nothing changed in between is lost:
 * each folder is watched before it is read, and every entry whose status changed since then
 * (ctime, which no copy or tagger can set back) is reported as a change once its folder is watched.
 */
import { lstatSync, readdirSync, watch } from 'node:fs';
import type { Dirent, FSWatcher } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface TreeWatchEvents {
  /**
   * Something changed at `relativePath` (a file or folder under the root). `amongEntries`: the
   * change is one of that folder's entries coming, going or renamed, which one is not known.
   */
  onChange(relativePath: string, amongEntries?: boolean): void;
  /**
   * The root's watch failed (`atRoot`: the whole tree is off), or a folder under it could not be
   * watched (the system's watch limit, its permissions): the rest is still watched.
   */
  onError(error: unknown, atRoot: boolean): void;
}

export interface TreeWatchOptions {
  /**
   * A time (ms since the epoch, as `Date.now()`) after which nothing may be missed: the folders
   * below the root are then watched in the background, and what changed since is reported.
   * Without it, every folder is watched before the constructor returns.
   */
  changedSince?: number;
}

/** How long one slice of the background walk may hold the event loop. */
const walkSliceMs = 4;

export class TreeWatch {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;
  /** Settles once every folder under the root is watched (at once, without `changedSince`). */
  readonly walked: Promise<void>;

  /** Watches the root (throws when it cannot), then every folder under it (see `walked`). */
  constructor(
    private readonly root: string,
    private readonly events: TreeWatchEvents,
    options: TreeWatchOptions = {},
  ) {
    this.watchFolder(root, { throwing: true });
    if (options.changedSince === undefined) {
      this.watchBelow(root);
      this.walked = Promise.resolve();
    } else this.walked = this.catchUp(options.changedSince);
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

  /**
   * Walks the tree below the root (already watched) in short slices, watching each folder before
   * reading it, and reports every entry whose status changed at or after `since`: a change made
   * before its folder was watched is then seen here, one made after by the watch.
   */
  private async catchUp(since: number): Promise<void> {
    const folders = [this.root];
    // The first slice waits too: the constructor returns before any change is reported.
    let sliceStart = -Infinity;
    for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
      if (performance.now() - sliceStart > walkSliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      if (this.closed) return;
      this.watchFolder(folder);
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        continue; // gone or unreadable meanwhile: nothing under it to watch
      }
      // An entry added, removed or renamed changes its folder's status time.
      if (changedAtOrAfter(folder, since)) this.events.onChange(relative(this.root, folder), true);
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const path = join(folder, entry.name);
        if (entry.isDirectory()) folders.push(path);
        else if (changedAtOrAfter(path, since)) this.events.onChange(relative(this.root, path));
      }
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

function changedAtOrAfter(path: string, since: number): boolean {
  try {
    const status = lstatSync(path, { throwIfNoEntry: false });
    return status !== undefined && status.ctimeMs >= since;
  } catch {
    return false; // unreadable: the scanner cannot read it either
  }
}
