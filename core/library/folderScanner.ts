/**
 * Walks a folder for candidate files. Hidden entries are skipped (dot-folders hold caches and
 * version control; dot-files are things like macOS `._` resource forks). A symbolic link is
 * followed only when its real path is inside the folder being walked: a link to `..` or to
 * another drive would import what the listener did not choose. Each real folder is entered
 * once, so a link back up the tree cannot loop. Names are read as bytes: one that is not valid
 * UTF-8 cannot be stored in the library (paths are text) nor opened again by its text, so it
 * is reported, never guessed at.
 *
 * Folders are listed and files stat'ed synchronously, a few hundred between turns of the event
 * loop: a stat of a cached inode takes microseconds, and a promise (a hand-off to libuv's pool
 * and back) per file or folder cost several times the call itself, which is most of a
 * re-import that finds nothing changed (one stat per file, nothing read).
 */
import { readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join, sep } from 'node:path';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export type ScanProblem =
  | { kind: 'error'; path: string; error: unknown }
  /** A link whose real path is outside the walked folder; not followed. */
  | { kind: 'link-outside'; path: string; target: string }
  /** A name that is not valid UTF-8; `path` shows it with replacement characters. */
  | { kind: 'unreadable-name'; path: string; isFolder: boolean };

export async function* scanFolder(
  root: string,
  onProblem: (problem: ScanProblem) => void,
  signal?: AbortSignal,
): AsyncGenerator<FoundFile> {
  const realRoot = await realpath(root);
  const inside = (path: string) =>
    path === realRoot || path.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  const visited = new Set<string>();
  const pending: string[] = [root];
  let statsThisTurn = 0;
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const folder = pending.pop() as string;
    const folderStats = statSyncOrReport(folder, onProblem);
    if (!folderStats) continue;
    const identity = `${folderStats.dev}:${folderStats.ino}`;
    if (visited.has(identity)) continue;
    visited.add(identity);

    const files: string[] = [];
    const links: string[] = [];
    const subfolders: string[] = [];
    try {
      for (const entry of readdirSync(folder, { encoding: 'buffer', withFileTypes: true })) {
        const raw = entry.name;
        if (raw[0] === 0x2e) continue; // "."
        const name = raw.toString('utf8');
        if (!Buffer.from(name, 'utf8').equals(raw)) {
          onProblem({ kind: 'unreadable-name', path: join(folder, name), isFolder: entry.isDirectory() });
          continue;
        }
        if (entry.isDirectory()) subfolders.push(join(folder, name));
        else if (entry.isFile()) files.push(name);
        else if (entry.isSymbolicLink()) links.push(name);
      }
    } catch (error) {
      onProblem({ kind: 'error', path: folder, error });
      continue;
    }
    const names = [...files, ...links].sort();
    const isLink = new Set(links);
    for (const name of names) {
      const path = join(folder, name);
      if (isLink.has(name)) {
        const target = await realpathOrReport(path, onProblem);
        if (target === null) continue;
        if (!inside(target)) {
          onProblem({ kind: 'link-outside', path, target });
          continue;
        }
      }
      if (++statsThisTurn >= STATS_PER_TURN) {
        statsThisTurn = 0;
        await nextTurn();
      }
      const stats = statSyncOrReport(path, onProblem);
      if (!stats) continue;
      if (stats.isDirectory()) subfolders.push(path);
      else if (stats.isFile()) yield { path, size: stats.size, mtimeMs: stats.mtimeMs };
    }
    // Reverse so the stack pops folders in name order: progress reads like a file browser.
    pending.push(...subfolders.sort().reverse());
  }
}

/** Files stat'ed between turns of the event loop, so the app keeps answering during a scan. */
const STATS_PER_TURN = 256;

async function realpathOrReport(
  path: string,
  onProblem: (problem: ScanProblem) => void,
): Promise<string | null> {
  try {
    return await realpath(path);
  } catch (error) {
    onProblem({ kind: 'error', path, error });
    return null;
  }
}

function statSyncOrReport(path: string, onProblem: (problem: ScanProblem) => void): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    onProblem({ kind: 'error', path, error });
    return null;
  }
}
