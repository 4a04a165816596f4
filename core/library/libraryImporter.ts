/**
 * Imports a folder into the library: walk it, sniff each new or changed file by its bytes,
 * read tags in parallel, save in batched transactions, then drop what disappeared from disk.
 * A bad file becomes an issue in the summary; it never stops the import.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, relative, resolve, sep } from 'node:path';
import type { ImportIssue, ImportProgress, ImportSummary } from '../api/appApi';
import { AppError } from '../errors';
import { expandHome, folderError, folderProblem } from './folderBrowser';
import { scanFolder } from './folderScanner';
import type { FoundFile, ScanProblem } from './folderScanner';
import type { CoverCandidate } from './coverStore';
import { FolderCoverCache, folderImageUnchanged } from './folderCover';
import { rememberedRefusalCodes } from './importMemory';
import type { Refusal } from './importMemory';
import { ImportProgressReporter } from './importProgress';
import { toReadError, TrackReadError } from './tagReader';
import { TaskPool } from './taskPool';
import { sharedTagThreads } from './tagThreads';
import type { TagThreads } from './tagThreads';
import type { TrackRecord, TrackRepo } from './trackRepo';

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * The folders whose image (`cover.jpg`...) changed, to bring to their unchanged songs (the
   * watcher knows). Without it every folder with songs lacking their own picture is looked at.
   */
  imageFolders?: readonly string[];
}

export interface ImporterSettings {
  /** Files open at once, handed to the tag threads ahead so they never wait for this one. */
  concurrency: number;
  /** Tracks saved per transaction: each commit also writes the search index's new segment. */
  batchSize: number;
  progressIntervalMs: number;
  /** Where tags are parsed; the threads every import shares unless a test brings its own. */
  tagThreads?: TagThreads;
}

export const defaultImporterSettings: ImporterSettings = {
  concurrency: Math.min(64, availableParallelism() * 16),
  batchSize: 2_000,
  progressIntervalMs: 100,
};

// WAV's own limit; anything larger is not a song we can index sensibly.
export const MAX_AUDIO_FILE_BYTES = 4 * 1024 ** 3;

// A non-audio file is only worth an issue when its name claims to be audio; cover.jpg and
// notes.txt beside the songs are expected and skipped quietly.
const audioExtensions = new Set(
  'mp3 mp2 mpga m4a m4b m4p mp4 aac adts flac ogg oga opus spx wav wave aif aiff aifc wma asf wv ape webm weba mka alac caf dsf mpc'.split(
    ' ',
  ),
);

type FileOutcome =
  { kind: 'track'; record: TrackRecord } | { kind: 'issue'; issue: ImportIssue } | { kind: 'ignored' };

export class LibraryImporter {
  private running = false;

  constructor(
    private readonly repo: TrackRepo,
    private readonly settings: ImporterSettings = defaultImporterSettings,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  async importFolder(folder: string, options: ImportOptions = {}): Promise<ImportSummary> {
    if (this.running) {
      throw new AppError(
        'IMPORT_RUNNING',
        'Busker is already importing a folder. Wait for it to finish, then try again.',
      );
    }
    this.running = true;
    try {
      return await this.run(folder, options);
    } finally {
      this.running = false;
    }
  }

  private async run(folder: string, options: ImportOptions): Promise<ImportSummary> {
    const startedAt = performance.now();
    const root = await resolveFolder(folder);
    const relativePath = (path: string) => relative(root, path).split(sep).join('/');
    const progress = new ImportProgressReporter(
      options.onProgress,
      this.settings.progressIntervalMs,
      relativePath,
    );
    const rootWithSep = root.endsWith(sep) ? root : root + sep;
    const known = this.repo.fileStatesUnder(rootWithSep);
    const memory = this.repo.importMemory;
    const refusedBefore = memory.refusalsUnder(rootWithSep);
    const refused = new Map<string, Refusal>();
    const stillOnDisk = new Set<string>();
    const failedIds: number[] = [];
    const issues: ImportIssue[] = [];
    const summary = { added: 0, updated: 0, unchanged: 0 };
    let batch: TrackRecord[] = [];
    const saveBatch = () => {
      if (batch.length === 0) return;
      const saved = this.repo.saveTracks(batch);
      batch = [];
      summary.added += saved.added;
      summary.updated += saved.updated;
    };
    const onScanProblem = (problem: ScanProblem) =>
      issues.push(scanIssue(problem, relativePath(problem.path)));

    progress.phase('scanning');
    const pool = new TaskPool(this.settings.concurrency);
    const tagThreads = this.settings.tagThreads ?? sharedTagThreads;
    const folderCovers = new FolderCoverCache();
    // The songs of an album carry one picture: while their batch waits, they hold one copy of it.
    let lastCover: CoverCandidate | null = null;
    try {
      for await (const file of scanFolder(root, onScanProblem, options.signal)) {
        progress.found();
        const state = known.get(file.path);
        if (state) stillOnDisk.add(file.path);
        if (state && state.size === file.size && state.mtimeMs === Math.trunc(file.mtimeMs)) {
          summary.unchanged += 1;
          progress.processed(file.path);
          continue;
        }
        // A file refused for its tags and unchanged since is refused again without reading it.
        const refusal = state ? undefined : refusedBefore.get(file.path);
        if (refusal && refusal.size === file.size && refusal.mtimeMs === Math.trunc(file.mtimeMs)) {
          issues.push({ path: relativePath(file.path), code: refusal.code, reason: refusal.reason });
          refused.set(file.path, refusal);
          progress.processed(file.path);
          continue;
        }
        await pool.run(async () => {
          const outcome = await readFile(tagThreads, file, state?.id ?? null, relativePath(file.path));
          if (outcome.kind === 'track' && outcome.record.cover) {
            if (outcome.record.cover.sha256 === lastCover?.sha256) outcome.record.cover = lastCover;
            else lastCover = outcome.record.cover;
          }
          // A file without its own picture shows its folder's cover.jpg (or folder.png...).
          if (outcome.kind === 'track' && !outcome.record.cover) {
            outcome.record.cover = await folderCovers.coverFor(file.path);
            outcome.record.coverFromFolder = true;
          }
          if (outcome.kind === 'track') batch.push(outcome.record);
          if (outcome.kind === 'issue') {
            issues.push(outcome.issue);
            const { code, reason } = outcome.issue;
            if (rememberedRefusalCodes.has(code)) {
              refused.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, code, reason });
            }
            // A file that was in the library and is now unreadable leaves it.
            if (state) failedIds.push(state.id);
          }
          progress.processed(file.path);
          if (batch.length >= this.settings.batchSize) saveBatch();
        });
      }
      progress.phase('reading');
    } finally {
      // Even when cancelled, keep what was already read.
      await pool.drain();
      progress.phase('saving');
      saveBatch();
    }

    const gone = [...known].filter(([path]) => !stillOnDisk.has(path)).map(([, state]) => state.id);
    if (gone.length > 0 || failedIds.length > 0 || summary.updated > 0) {
      this.repo.removeTracks([...gone, ...failedIds]);
    }
    if (refused.size > 0 || refusedBefore.size > 0) memory.replaceRefusalsUnder(rootWithSep, refused);
    // A cover.jpg added, changed or removed beside songs that did not change reaches them too;
    // a folder whose time and image are as they were when last read costs a stat or two.
    const imageFolders = options.imageFolders ?? this.repo.foldersWithoutOwnCover(rootWithSep);
    for (const imageFolder of imageFolders) {
      if (options.signal?.aborted) break;
      if (!`${imageFolder}${sep}`.startsWith(rootWithSep)) continue;
      const remembered = options.imageFolders ? null : memory.folderImage(imageFolder);
      if (remembered && folderImageUnchanged(imageFolder, remembered)) continue;
      const { cover, state } = await folderCovers.imageOf(imageFolder);
      this.repo.setFolderCover(imageFolder, cover);
      if (state) memory.rememberFolderImage(imageFolder, state);
    }
    progress.phase('done');
    return {
      folder: root,
      ...summary,
      removed: gone.length + failedIds.length,
      issues: issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      durationMs: Math.round(performance.now() - startedAt),
    };
  }
}

async function resolveFolder(folder: string): Promise<string> {
  const absolute = resolve(expandHome(folder));
  const problem = await folderProblem(absolute);
  if (problem) throw problem;
  try {
    // The real path, so a folder imported through a link and directly is one set of tracks.
    return await realpath(absolute);
  } catch (error) {
    throw folderError(absolute, error);
  }
}

async function readFile(
  tagThreads: TagThreads,
  file: FoundFile,
  replacesId: number | null,
  relativePath: string,
): Promise<FileOutcome> {
  const issue = (code: ImportIssue['code'], reason: string): FileOutcome => ({
    kind: 'issue',
    issue: { path: relativePath, code, reason },
  });
  if (file.size > MAX_AUDIO_FILE_BYTES) {
    return issue('TOO_LARGE', 'This file is larger than 4 GiB, too large to be a song Busker can import.');
  }
  let fd: number | null = null;
  try {
    // Opened here, read in a tag thread: a stat'ed inode opens in microseconds, and this thread
    // owning each descriptor means it is closed even when the thread reading it is ended.
    // Non-blocking, so a pipe put in the file's place cannot hold the import up.
    fd = openSync(file.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const read = await tagThreads.read({ fd, path: file.path, size: file.size });
    if (!read.audio) {
      if (!audioExtensions.has(extname(file.path).slice(1).toLowerCase())) return { kind: 'ignored' };
      if (read.looksLike === 'an empty file')
        return issue('NOT_AUDIO', 'This file is empty: it holds no audio.');
      return issue('NOT_AUDIO', `This file is not audio: it starts like ${read.looksLike}.`);
    }
    const { tags, sniffed } = read;
    return {
      kind: 'track',
      record: {
        ...tags,
        path: file.path,
        size: file.size,
        mtimeMs: file.mtimeMs,
        mime: sniffed.mime,
        sniffedType: sniffed.kind,
        replacesId,
      },
    };
  } catch (error) {
    const readError = error instanceof TrackReadError ? error : toReadError(error);
    return issue(readError.code, readError.reason);
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}

/** A read-only descriptor's close cannot lose data; a failure to close changes nothing to report. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing was written through it
  }
}

function scanIssue(problem: ScanProblem, path: string): ImportIssue {
  if (problem.kind === 'link-outside') {
    return {
      path,
      code: 'LINK_OUTSIDE',
      reason:
        `This link leads out of the imported folder (to "${problem.target}"), so Busker did not follow it. ` +
        'Import that folder itself if you want its music.',
    };
  }
  if (problem.kind === 'unreadable-name') {
    return {
      path,
      code: 'UNREADABLE_NAME',
      reason:
        `Busker cannot read this ${problem.isFolder ? 'folder' : 'file'} name: it is not valid text (UTF-8), ` +
        'so it could not be found again. Rename it, then import again.',
    };
  }
  const code = (problem.error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') {
    return { path, code: 'UNREADABLE', reason: 'This is a link to a file or folder that no longer exists.' };
  }
  if (code === 'ELOOP') {
    return { path, code: 'UNREADABLE', reason: 'This link points to itself, so there is nothing to read.' };
  }
  return { path, code: 'UNREADABLE', reason: toReadError(problem.error).reason };
}
