/**
 * Folder images: the `cover.jpg` or `folder.png` an album folder holds beside its songs, used
 * for a file that carries no picture of its own. The file is hostile input like any tag: only
 * a regular file inside the same folder (a link leading elsewhere is not followed), no larger
 * than an embedded cover may be, whose bytes are an image, is used.
 */
import { constants, statSync } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_COVER_BYTES, prepareCover } from './coverStore';
import type { CoverCandidate } from './coverStore';
import type { FolderImageState } from './importMemory';

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
  return (await readFolderImage(folder)).cover;
}

/**
 * The folder's image and the state it was read in (null when the folder could not be read),
 * so a later import can tell from a stat or two that nothing changed.
 */
export async function readFolderImage(
  folder: string,
): Promise<{ cover: CoverCandidate | null; state: FolderImageState | null }> {
  let names: string[];
  let realFolder: string;
  let folderMtimeMs: number;
  try {
    // Its time first: an image added while the names are read shows as a change next time.
    folderMtimeMs = (await stat(folder)).mtimeMs;
    realFolder = await realpath(folder);
    names = await readdir(folder);
  } catch {
    return { cover: null, state: null };
  }
  const candidates = names
    .map((name) => ({ name, rank: folderImageRank(name) }))
    .filter((entry): entry is { name: string; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name } of candidates) {
    const read = await readImageFile(join(folder, name), realFolder);
    if (read) {
      return {
        cover: read.cover,
        state: { folderMtimeMs, image: { name, size: read.size, mtimeMs: read.mtimeMs } },
      };
    }
  }
  return { cover: null, state: { folderMtimeMs, image: null } };
}

/**
 * Whether the folder is as it was when its image was read: same folder time (no name added,
 * removed or renamed in it) and the same image size and time. Costs one or two stats.
 */
export function folderImageUnchanged(folder: string, state: FolderImageState): boolean {
  try {
    if (Math.trunc(statSync(folder).mtimeMs) !== Math.trunc(state.folderMtimeMs)) return false;
    if (!state.image) return true;
    const image = statSync(join(folder, state.image.name));
    return image.size === state.image.size && Math.trunc(image.mtimeMs) === Math.trunc(state.image.mtimeMs);
  } catch {
    return false;
  }
}

async function readImageFile(
  path: string,
  realFolder: string,
): Promise<{ cover: CoverCandidate; size: number; mtimeMs: number } | null> {
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
    const cover = prepareCover(new Uint8Array(buffer.buffer, buffer.byteOffset, length));
    return cover && { cover, size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

type FolderImage = Awaited<ReturnType<typeof readFolderImage>>;

/**
 * The folder image for each file of one import, read once per folder. The scan finishes a
 * folder before the next, so a few recent folders are enough to keep (and keep memory small).
 */
export class FolderCoverCache {
  private readonly byFolder = new Map<string, Promise<FolderImage>>();

  constructor(
    private readonly find: (folder: string) => Promise<FolderImage> = readFolderImage,
    private readonly keep = 16,
  ) {}

  async coverFor(filePath: string): Promise<CoverCandidate | null> {
    return (await this.imageOf(dirname(filePath))).cover;
  }

  imageOf(folder: string): Promise<FolderImage> {
    let image = this.byFolder.get(folder);
    if (!image) {
      image = this.find(folder);
      this.byFolder.set(folder, image);
      if (this.byFolder.size > this.keep) {
        const oldest = this.byFolder.keys().next().value;
        if (oldest !== undefined) this.byFolder.delete(oldest);
      }
    }
    return image;
  }
}
