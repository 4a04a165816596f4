/**
 * Folders on the computer running Busker, for the browser host's import dialog (a browser cannot
 * tell the host where a folder is): `~` read as the user's home, subfolders listed by name.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { FolderListing } from '../api/appApi';
import { AppError } from '../errors';

/** The most subfolders one listing holds; a folder with more says so. */
export const maxListedFolders = 500;

/** `~` and `~/x` (or `~\x`) as the user's home and a path inside it; anything else unchanged. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith(`~${sep}`)) return join(home, path.slice(2));
  return path;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function notAFolderError(path: string): AppError {
  return new AppError(
    'NOT_A_FOLDER',
    `"${path}" is a file, not a folder. Choose the folder that holds your music.`,
  );
}

/** What the browser, the importer and `busker import` say when `path` cannot be opened as a folder. */
export function folderError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return notAFolderError(path);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError(
      'FOLDER_NOT_FOUND',
      `Busker is not allowed to open "${path}". Check its permissions.`,
    );
  }
  return new AppError(
    'FOLDER_NOT_FOUND',
    `The folder "${path}" does not exist. Check the path and try again.`,
  );
}

/** Why `path` is not a folder to import (missing, a file, not allowed), or null when it is one. */
export async function folderProblem(path: string): Promise<AppError | null> {
  try {
    return (await stat(path)).isDirectory() ? null : notAFolderError(path);
  } catch (error) {
    return folderError(path, error);
  }
}

/**
 * The subfolders of `path` (the user's home when null or blank), by name in alphabetical order,
 * hidden ones (a leading dot) left out, at most `limit`. Links to folders count as folders.
 */
export async function browseFolders(
  path: string | null,
  options: { home?: string; limit?: number } = {},
): Promise<FolderListing> {
  const home = options.home ?? homedir();
  const limit = options.limit ?? maxListedFolders;
  const folder = resolve(path?.trim() ? expandHome(path.trim(), home) : home);
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw folderError(folder, error);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(join(folder, entry.name))))) {
      names.push(entry.name);
    }
  }
  names.sort((a, b) => a.localeCompare(b));
  const parent = dirname(folder);
  return {
    path: folder,
    parent: parent === folder ? null : parent,
    folders: names.slice(0, limit),
    truncated: names.length > limit,
  };
}
