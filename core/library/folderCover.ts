/**
 * Folder images: the `cover.jpg` or `folder.png` an album folder holds beside its songs, used
 * for a file that carries no picture of its own. The file is hostile input like any tag: only
 * a regular file inside the same folder (a link leading elsewhere is not followed), no larger
 * than an embedded cover may be, whose bytes are an image, is used.
 */
import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_COVER_BYTES, prepareCover } from './coverStore';
import type { CoverCandidate } from './coverStore';

const preferredNames = [
  'cover.jpg',
  'cover.jpeg',
  'cover.png',
  'cover.webp',
  'folder.jpg',
  'folder.jpeg',
  'folder.png',
  'folder.webp',
];

/** How much this name is preferred (lower first); null when it is not a folder image's name. */
export function folderImageRank(name: string): number | null {
  const lower = name.toLowerCase();
  const index = preferredNames.indexOf(lower);
  if (index >= 0) return index;
  return lower.startsWith('front.') ? preferredNames.length : null;
}

/** The folder's image, or null when it has none that is safe and an image. */
export async function findFolderCover(folder: string): Promise<CoverCandidate | null> {
  let names: string[];
  let realFolder: string;
  try {
    realFolder = await realpath(folder);
    names = await readdir(folder);
  } catch {
    return null;
  }
  const candidates = names
    .map((name) => ({ name, rank: folderImageRank(name) }))
    .filter((entry): entry is { name: string; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name } of candidates) {
    const cover = await readImageFile(join(folder, name), realFolder);
    if (cover) return cover;
  }
  return null;
}

async function readImageFile(path: string, realFolder: string): Promise<CoverCandidate | null> {
  let handle;
  try {
    const real = await realpath(path);
    if (dirname(real) !== realFolder) return null;
    // Non-blocking, so a pipe named cover.jpg cannot hold the import up.
    handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size === 0 || stats.size > MAX_COVER_BYTES) return null;
    // One byte more than its size: a file that grew since its size was read is refused.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > stats.size) return null;
    return prepareCover(new Uint8Array(buffer.buffer, buffer.byteOffset, length));
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/**
 * The folder image for each file of one import, read once per folder. The scan finishes a
 * folder before the next, so a few recent folders are enough to keep (and keep memory small).
 */
export class FolderCoverCache {
  private readonly byFolder = new Map<string, Promise<CoverCandidate | null>>();

  constructor(
    private readonly find: (folder: string) => Promise<CoverCandidate | null> = findFolderCover,
    private readonly keep = 16,
  ) {}

  coverFor(filePath: string): Promise<CoverCandidate | null> {
    return this.coverOf(dirname(filePath));
  }

  coverOf(folder: string): Promise<CoverCandidate | null> {
    let cover = this.byFolder.get(folder);
    if (!cover) {
      cover = this.find(folder);
      this.byFolder.set(folder, cover);
      if (this.byFolder.size > this.keep) {
        const oldest = this.byFolder.keys().next().value;
        if (oldest !== undefined) this.byFolder.delete(oldest);
      }
    }
    return cover;
  }
}
