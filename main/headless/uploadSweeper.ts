/**
 * Deletes the browser host's uploads once nothing needs them: a file whose publish jobs have all
 * ended (done, or failed for good), or one no job took within `abandonAfterMs` (the browser went
 * away between uploading and publishing). At start, half-received uploads of an earlier run go too.
 * Uploads live in `<uploads>/<random folder>/<file name>` (uploadRoute.ts); whole folders are removed.
 */
import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';

/** An upload no publish job took for this long is abandoned: 6 hours. */
export const abandonedUploadMs = 6 * 60 * 60 * 1000;
/** How often the host looks: a finished job's file goes within a minute. */
export const uploadSweepIntervalMs = 60 * 1000;

export interface JobSource {
  path: string;
  /** The job may still read the file (not done, not failed). */
  open: boolean;
}

const sourceRows = z.array(z.object({ source_path: z.string(), state: z.string() }));

/** Every publish job's source file, read from the publish database (none when it does not exist). */
export function publishJobSources(publishDatabaseFile: string): JobSource[] {
  if (!existsSync(publishDatabaseFile)) return [];
  const db = new Database(publishDatabaseFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'publish_jobs'")
      .get();
    if (!hasTable) return [];
    const rows = sourceRows.parse(db.prepare('SELECT source_path, state FROM publish_jobs').all());
    return rows.map((row) => ({
      path: row.source_path,
      open: row.state !== 'done' && row.state !== 'failed',
    }));
  } finally {
    db.close();
  }
}

export interface SweepOptions {
  uploadsDir: string;
  jobs: readonly JobSource[];
  /** At start no upload is being received, so a half-received one of any age goes. */
  atStart: boolean;
  abandonAfterMs?: number;
  now?: number;
}

/** Removes the upload folders nothing needs; returns their names. */
export async function sweepUploads(options: SweepOptions): Promise<string[]> {
  const abandonAfter = options.abandonAfterMs ?? abandonedUploadMs;
  const now = options.now ?? Date.now();
  const entries = await readdir(options.uploadsDir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const folder = join(options.uploadsDir, entry.name);
    const files = await readdir(folder).catch(() => null);
    if (files === null) continue;
    const kept = files.filter((file) => !file.startsWith('.') || !file.endsWith('.part'));
    const jobs = options.jobs.filter((job) => kept.some((file) => job.path === join(folder, file)));
    const age = now - (await stat(folder)).mtimeMs;
    const unneeded =
      jobs.length > 0
        ? jobs.every((job) => !job.open)
        : (kept.length === 0 && options.atStart) || age > abandonAfter;
    if (!unneeded) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}

export interface UploadSweeper {
  /** Sweeps now (tests; the sweeper also runs at start and every `intervalMs`). */
  sweep(): Promise<string[]>;
  close(): Promise<void>;
}

/** Sweeps at start, then every `intervalMs`; a failed sweep is told to `onProblem` and tried next time. */
export function startUploadSweeper(options: {
  uploadsDir: string;
  publishDatabaseFile: string;
  abandonAfterMs?: number;
  intervalMs?: number;
  onProblem?: (error: unknown) => void;
}): UploadSweeper {
  let atStart = true;
  let running: Promise<string[]> = Promise.resolve([]);
  const sweep = () => {
    running = running
      .catch(() => [])
      .then(async () => {
        const removed = await sweepUploads({
          uploadsDir: options.uploadsDir,
          jobs: publishJobSources(options.publishDatabaseFile),
          atStart,
          ...(options.abandonAfterMs === undefined ? {} : { abandonAfterMs: options.abandonAfterMs }),
        });
        atStart = false;
        return removed;
      });
    return running;
  };
  const report = (error: unknown) =>
    (options.onProblem ?? ((e) => console.warn('busker: could not clean the uploads:', e)))(error);
  void sweep().catch(report);
  const timer = setInterval(() => void sweep().catch(report), options.intervalMs ?? uploadSweepIntervalMs);
  timer.unref();
  return {
    sweep,
    async close() {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
