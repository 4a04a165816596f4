/**
 * Tag reading off the main thread, bounded in time and memory: a few worker threads
 * (tagWorker.ts), each under V8 heap limits, each file with a deadline. A thread sniffs, checks
 * the caps and parses the files it is given one after another, reading them synchronously (a
 * thread of its own may wait; a hand-off to libuv's pool per read cost more than the read), and
 * jobs and answers cross between threads in batches, not one message per file. A thread that
 * runs out of memory, or spends longer than a file's deadline without answering, is ended and
 * replaced. The files it held are tried again one at a time on a thread of their own, so the
 * file that did it is the one reported, in words, and the import moves on. The main thread never
 * reads nor parses tags, so it keeps answering requests.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImportIssueCode } from '../api/appApi';
import type { SniffResult } from './audioSniffer';
import { TrackReadError } from './tagReader';
import type { TrackTags } from './tagReader';

export interface TagWorkerJob {
  id: number;
  /** A descriptor the main thread opened and closes once the answer (or the thread's end) came. */
  fd: number;
  path: string;
  size: number;
  /** False only where a test measures the thread limits alone. */
  checkCaps?: boolean;
}

/** What a file turned out to be: not audio (and what it looks like), or audio with its tags. */
export type TagReadOutcome =
  | { audio: false; looksLike: string }
  | { audio: true; sniffed: Extract<SniffResult, { audio: true }>; tags: TrackTags };

export type TagWorkerAnswer =
  ({ id: number } & TagReadOutcome) | { id: number; error: { code: ImportIssueCode; reason: string } };

export type FromTagWorker = 'ready' | TagWorkerAnswer[];

export interface TagThreadSettings {
  threads: number;
  /** Files handed to one thread ahead, so it never waits for the main thread between files. */
  filesPerThread: number;
  /** How long a ready thread holding files may go without answering for one. */
  deadlineMs: number;
  /** V8 heap limits of each thread, in MiB. */
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  /** Threads left idle this long are ended, giving their memory back. */
  idleMs: number;
}

export const defaultTagThreadSettings: TagThreadSettings = {
  // Two even on two cores: the main thread now only walks, opens and saves (about 0.25 ms a
  // file against 0.45 ms of parsing), so one parser alone leaves part of a core idle.
  threads: Math.max(1, Math.min(2, availableParallelism())),
  filesPerThread: 32,
  deadlineMs: 5_000,
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 16,
  idleMs: 30_000,
};

interface Pending {
  job: Omit<TagWorkerJob, 'id'>;
  /** Held by a thread that was ended: tried again alone, and reported if it fails alone. */
  suspect: boolean;
  resolve(outcome: TagReadOutcome): void;
  reject(error: TrackReadError): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  ended: boolean;
  /** Running a suspect: nothing else is given to it meanwhile. */
  alone: boolean;
  inFlight: Map<number, Pending>;
  /** Runs while the thread holds files; restarted by each answer. */
  deadline: NodeJS.Timeout | null;
}

const tooSlow = () =>
  new TrackReadError(
    'TOO_SLOW',
    'Reading this file took too long, so Busker stopped: its tags may be damaged or built to stall ' +
      'a player. Check the file with a tag editor, then import it again.',
  );
const tooMuchMemory = () =>
  new TrackReadError(
    'TAGS_TOO_LARGE',
    "This file's tags need more memory than Busker gives one file, so it was not read: they may be " +
      'damaged or built to exhaust a player. Remove the extra tags with a tag editor, then import it again.',
  );
const readerStopped = (detail: string) =>
  new TrackReadError('CORRUPT', `Busker's tag reader stopped on this file (${detail}), so it was not read.`);

export class TagThreads {
  private readonly threads = new Set<Thread>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private dispatchSoon: NodeJS.Immediate | null = null;

  constructor(
    private readonly settings: TagThreadSettings = defaultTagThreadSettings,
    /** The thread's script; a benchmark may bring the built one while this file runs from source. */
    private readonly workerUrl: URL = defaultTagWorkerUrl(),
  ) {}

  /**
   * Sniffs one open file and, when it is audio, checks its caps and parses its tags; rejects
   * with a TrackReadError in the user's words. Files asked for in one turn travel together.
   */
  read(job: Omit<TagWorkerJob, 'id'>): Promise<TagReadOutcome> {
    return new Promise<TagReadOutcome>((resolve, reject) => {
      this.queue.push({ job, suspect: false, resolve, reject });
      this.dispatchSoon ??= setImmediate(() => this.dispatch());
    });
  }

  /** Ends every thread; files still being read are reported as not read. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const threads = [...this.threads];
    for (const thread of threads) this.end(thread, null);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    if (this.dispatchSoon) clearImmediate(this.dispatchSoon);
    this.dispatchSoon = null;
    const outgoing = new Map<Thread, TagWorkerJob[]>();
    while (this.queue.length > 0) {
      const next = this.queue[0] as Pending;
      const thread = this.threadFor(next);
      if (!thread) break;
      this.queue.shift();
      const id = this.nextId++;
      thread.alone = next.suspect;
      thread.inFlight.set(id, next);
      if (thread.ready) thread.deadline ??= this.startClock(thread);
      const jobs = outgoing.get(thread) ?? [];
      jobs.push({ ...next.job, id });
      outgoing.set(thread, jobs);
    }
    for (const [thread, jobs] of outgoing) {
      thread.worker.postMessage(jobs);
      thread.worker.ref();
    }
    if (this.queue.length === 0 && this.idleTimer) clearTimeout(this.idleTimer);
    if (this.queue.length === 0) this.idleTimer = null;
  }

  private threadFor(next: Pending): Thread | null {
    const live = [...this.threads].filter((thread) => !thread.ended);
    const fits = (thread: Thread) =>
      next.suspect
        ? thread.inFlight.size === 0
        : !thread.alone && thread.inFlight.size < this.settings.filesPerThread;
    const free = live.filter(fits).sort((a, b) => a.inFlight.size - b.inFlight.size)[0];
    if (free) return free;
    return live.length < this.settings.threads ? this.start() : null;
  }

  private start(): Thread {
    const worker = new Worker(this.workerUrl, {
      resourceLimits: {
        maxOldGenerationSizeMb: this.settings.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: this.settings.maxYoungGenerationSizeMb,
      },
    });
    const thread: Thread = {
      worker,
      ready: false,
      ended: false,
      alone: false,
      inFlight: new Map(),
      deadline: null,
    };
    this.threads.add(thread);
    worker.on('message', (message: FromTagWorker) => this.answered(thread, message));
    worker.once('error', (error: NodeJS.ErrnoException) =>
      this.end(
        thread,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory : () => readerStopped(error.message),
      ),
    );
    worker.once('exit', (code) => this.end(thread, () => readerStopped(`exit code ${code}`)));
    return thread;
  }

  /** A thread reads its files one after another: the one it is on may take `deadlineMs`. */
  private startClock(thread: Thread): NodeJS.Timeout {
    return setTimeout(() => this.end(thread, tooSlow), this.settings.deadlineMs);
  }

  private answered(thread: Thread, message: FromTagWorker): void {
    if (message === 'ready') {
      thread.ready = true;
      if (thread.inFlight.size > 0) thread.deadline ??= this.startClock(thread);
      return;
    }
    if (thread.deadline) clearTimeout(thread.deadline);
    thread.deadline = null;
    for (const answer of message) {
      const pending = thread.inFlight.get(answer.id);
      if (!pending) continue;
      thread.inFlight.delete(answer.id);
      if ('error' in answer) pending.reject(new TrackReadError(answer.error.code, answer.error.reason));
      else if (answer.audio) pending.resolve({ audio: true, sniffed: answer.sniffed, tags: answer.tags });
      else pending.resolve({ audio: false, looksLike: answer.looksLike });
    }
    if (thread.inFlight.size === 0) {
      thread.alone = false;
      thread.worker.unref();
    } else {
      thread.deadline = this.startClock(thread);
    }
    this.dispatch();
    this.whenIdle();
  }

  /**
   * Ends a thread; `failure` names what went wrong. A file it held alone is reported with that;
   * files it held together are tried again, each alone. Without `failure` (closing), all fail.
   */
  private end(thread: Thread, failure: (() => TrackReadError) | null): void {
    if (thread.ended) return;
    thread.ended = true;
    this.threads.delete(thread);
    void thread.worker.terminate();
    if (thread.deadline) clearTimeout(thread.deadline);
    thread.deadline = null;
    const held = [...thread.inFlight.values()];
    thread.inFlight.clear();
    const retry: Pending[] = [];
    for (const pending of held) {
      if (!failure) pending.reject(readerStopped('Busker is closing'));
      else if (held.length === 1 || pending.suspect) pending.reject(failure());
      else retry.push({ ...pending, suspect: true });
    }
    this.queue.unshift(...retry);
    this.dispatch();
  }

  private whenIdle(): void {
    if (this.queue.length > 0 || [...this.threads].some((thread) => thread.inFlight.size > 0)) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), this.settings.idleMs);
    this.idleTimer.unref();
  }
}

/**
 * From source (tests, `tsx`) the worker is the .ts beside this file, loaded by the same loader;
 * bundled, it is built beside the bundle as tagWorker.js (scripts/build.mjs).
 */
function defaultTagWorkerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './tagWorker.ts' : './tagWorker.js', import.meta.url);
}

/** The threads every import shares: started on first use, ended after a while idle. */
export const sharedTagThreads = new TagThreads();
