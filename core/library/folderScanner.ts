/**
 * Walks a folder for candidate files. Hidden entries are skipped (dot-folders hold caches and
 * version control; dot-files are things like macOS `._` resource forks). Symbolic links are
 * followed, but each real folder is entered once, so a link back up the tree cannot loop.
 */
import { opendir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  path: string;
  error: unknown;
}

export async function* scanFolder(
  root: string,
  onProblem: (problem: ScanProblem) => void,
  signal?: AbortSignal,
): AsyncGenerator<FoundFile> {
  const visited = new Set<string>();
  const pending: string[] = [root];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const folder = pending.pop() as string;
    const folderStats = await statOrReport(folder, onProblem);
    if (!folderStats) continue;
    const identity = `${folderStats.dev}:${folderStats.ino}`;
    if (visited.has(identity)) continue;
    visited.add(identity);

    let entries: string[];
    const subfolders: string[] = [];
    try {
      entries = [];
      for await (const entry of await opendir(folder)) {
        if (entry.name.startsWith('.')) continue;
        if (entry.isDirectory()) subfolders.push(join(folder, entry.name));
        else if (entry.isFile() || entry.isSymbolicLink()) entries.push(entry.name);
      }
    } catch (error) {
      onProblem({ path: folder, error });
      continue;
    }
    entries.sort();
    for (const name of entries) {
      const path = join(folder, name);
      const stats = await statOrReport(path, onProblem);
      if (!stats) continue;
      if (stats.isDirectory()) subfolders.push(path);
      else if (stats.isFile()) yield { path, size: stats.size, mtimeMs: stats.mtimeMs };
    }
    // Reverse so the stack pops folders in name order: progress reads like a file browser.
    pending.push(...subfolders.sort().reverse());
  }
}

async function statOrReport(path: string, onProblem: (problem: ScanProblem) => void): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    onProblem({ path, error });
    return null;
  }
}
