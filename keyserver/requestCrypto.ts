// Where a request's crypto runs (the jobs are in cryptoJobs.ts, ~0.25 ms for an unlock). On the
// event loop it holds up every other request, health checks included; in worker threads it runs
// beside the HTTP, database and chain work, on as many cores as configured
// (requestCryptoWorker.ts). A thread costs two hand-offs (~0.1-0.2 ms each), so a job that finds
// every thread idle and no other request waiting runs on the event loop instead.
import { Worker } from 'node:worker_threads';
import { EnvelopeError } from '../protocol/envelope';
import { runCryptoJob } from './cryptoJobs';
import type { CryptoJob, CryptoResult } from './cryptoJobs';
import type { SignedRequest } from './eip712';
import type { UnlockMessage } from './requestSchemas';

export type { SignedRequest } from './eip712';

/** An unlock's signer, and the content key sealed to the listener's app if that signer is the listener. */
export interface SignedUnlock {
  /** The lower-case address that signed the unlock, or null when the signature is invalid. */
  signer: string | null;
  /** Null unless the signer is the listener the unlock names and a content key was given. */
  envelope: Buffer | null;
}

export interface RequestCrypto {
  /**
   * The lower-case address that signed `request` over the domain with this EIP-712 separator,
   * or null when the signature is invalid.
   */
  recoverSigner(separator: Uint8Array, request: SignedRequest, signature: string): Promise<string | null>;
  /**
   * Recovers who signed `unlock` and, only when it is the listener the unlock names, seals
   * `contentKey` to the unlock's `recipientKey` for `context` (PROTOCOL.md §2), in one job: one
   * hand-off to a thread instead of two. Rejects with `EnvelopeError` when that key is unusable.
   */
  recoverAndSeal(
    separator: Uint8Array,
    unlock: UnlockMessage,
    signature: string,
    contentKey: Uint8Array | null,
    context: string,
  ): Promise<SignedUnlock>;
  close(): Promise<void>;
}

/** A job before it is sent, which gives it its id. */
type Unsent<Job> = Job extends CryptoJob ? Omit<Job, 'id'> : never;

/** Sends each job somewhere and answers its result; the caller's content key is never touched. */
abstract class JobRunner implements RequestCrypto {
  protected abstract run(job: Unsent<CryptoJob>, transfer: ArrayBuffer[]): Promise<CryptoResult>;
  abstract close(): Promise<void>;

  async recoverSigner(
    separator: Uint8Array,
    request: SignedRequest,
    signature: string,
  ): Promise<string | null> {
    const result = await this.run({ kind: 'recover', separator, request, signature }, []);
    if ('failure' in result) throw jobFailure(result.failure);
    return result.signer;
  }

  async recoverAndSeal(
    separator: Uint8Array,
    unlock: UnlockMessage,
    signature: string,
    contentKey: Uint8Array | null,
    context: string,
  ): Promise<SignedUnlock> {
    // A copy in a buffer of its own, which the job wipes, is moved to a thread with nothing else
    // sharing its memory.
    const key = contentKey && new Uint8Array(contentKey);
    const job = { kind: 'unlock', separator, unlock, signature, contentKey: key, context } as const;
    const result = await this.run(job, key ? [key.buffer] : []);
    if ('failure' in result) throw jobFailure(result.failure);
    return { signer: result.signer, envelope: result.envelope ? Buffer.from(result.envelope) : null };
  }
}

function jobFailure({ name, message }: { name: string; message: string }): Error {
  return name === 'EnvelopeError'
    ? new EnvelopeError(message)
    : new Error(`Request crypto failed: ${message}`);
}

/** On the calling thread: for tests, tools and single-core machines. */
class InlineRequestCrypto extends JobRunner {
  protected async run(job: Unsent<CryptoJob>): Promise<CryptoResult> {
    return runCryptoJob({ ...job, id: 0 }).result;
  }

  async close(): Promise<void> {}
}

export const inlineRequestCrypto: RequestCrypto = new InlineRequestCrypto();

interface PendingJob {
  settle(result: CryptoResult): void;
  reject(error: Error): void;
}

interface HeldJob extends PendingJob {
  job: CryptoJob;
  transfer: ArrayBuffer[];
}

interface CryptoThread {
  worker: Worker;
  pending: Map<number, PendingJob>;
  /** Settles once the thread has stopped. */
  exited: Promise<void>;
}

/** How long a thread asked to stop may take before it is terminated. */
const stopGraceMs = 5_000;

export interface WorkerRequestCryptoOptions {
  /** The threads' module: requestCryptoWorker beside this one, unless a test says otherwise. */
  workerUrl?: URL;
  /** Run a job on the event loop when every thread is idle (the default); tests of the threads turn it off. */
  inlineWhenIdle?: boolean;
}

/** A fixed pool of worker threads; each job goes to the thread with the fewest in hand. */
export class WorkerRequestCrypto extends JobRunner {
  private readonly threads: CryptoThread[] = [];
  private readonly workerUrl: URL;
  private readonly inlineWhenIdle: boolean;
  private nextId = 0;
  /** Jobs that found every thread idle, until the loop has read this turn's input (releaseHeld). */
  private held: HeldJob[] | undefined;
  private closed = false;
  /** Why the last thread that never became ready failed. */
  private startFailure = 'unknown';

  constructor(threadCount: number, options: WorkerRequestCryptoOptions = {}) {
    super();
    if (!(threadCount >= 1)) throw new RangeError('A crypto thread pool needs at least one thread.');
    this.workerUrl = options.workerUrl ?? cryptoWorkerUrl();
    this.inlineWhenIdle = options.inlineWhenIdle ?? true;
    for (let index = 0; index < threadCount; index += 1) this.threads.push(this.startThread());
  }

  /**
   * Asks every thread to stop once its jobs are done, terminating only one that does not. A thread
   * terminated while inside libsecp256k1's addon (loading it, or in a call) can abort the whole
   * process: node-addon-api turns the failed call into a C++ exception nothing catches.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.threads.map(async ({ worker, exited }) => {
        worker.postMessage('stop');
        const overdue = setTimeout(() => void worker.terminate(), stopGraceMs);
        await exited;
        clearTimeout(overdue);
      }),
    );
  }

  protected run(job: Unsent<CryptoJob>, transfer: ArrayBuffer[]): Promise<CryptoResult> {
    const refusal = this.refusal();
    if (refusal) return Promise.reject(refusal);
    const id = (this.nextId += 1);
    const sent = { ...job, id } as CryptoJob;
    return new Promise((settle, reject) => {
      const pending: HeldJob = { job: sent, transfer, settle, reject };
      if (!this.inlineWhenIdle || !this.threadsIdle()) {
        this.post(pending);
      } else if (this.held) {
        this.held.push(pending);
      } else {
        this.held = [pending];
        setImmediate(() => this.releaseHeld());
      }
    });
  }

  /**
   * Jobs that found every thread idle were held until the event loop had read all the input that
   * was waiting. One job alone runs here, where nothing else waits for the loop; several go to the
   * threads, so the loop can get on with their requests.
   */
  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    const alone = held.length === 1 && this.threadsIdle();
    for (const pending of held) {
      if (alone) pending.settle(runCryptoJob(pending.job).result);
      else this.post(pending);
    }
  }

  private threadsIdle(): boolean {
    return this.threads.every((thread) => thread.pending.size === 0);
  }

  /** Why no job can run, if none can. */
  private refusal(): Error | undefined {
    if (this.closed) return new Error('The key server crypto threads are closed.');
    if (this.threads.length === 0)
      return new Error(`No key server crypto thread could start: ${this.startFailure}`);
    return undefined;
  }

  /** Sends the job to the thread with the fewest in hand. */
  private post({ job, transfer, settle, reject }: HeldJob): void {
    const refusal = this.refusal();
    if (refusal) {
      reject(refusal);
      return;
    }
    const thread = this.threads.reduce((least, candidate) =>
      candidate.pending.size < least.pending.size ? candidate : least,
    );
    thread.pending.set(job.id, { settle, reject });
    thread.worker.postMessage(job, transfer);
  }

  private startThread(): CryptoThread {
    const worker = new Worker(this.workerUrl);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const thread: CryptoThread = { worker, pending: new Map(), exited };
    // Ready once its modules have loaded (Node's 'online' comes before that, so before a failed import).
    let ready = false;
    worker.on('message', (result: CryptoResult | 'ready') => {
      if (result === 'ready') {
        ready = true;
        return;
      }
      const job = thread.pending.get(result.id);
      thread.pending.delete(result.id);
      job?.settle(result);
    });
    const fail = (error: Error): void => {
      for (const job of thread.pending.values()) job.reject(error);
      thread.pending.clear();
    };
    worker.on('error', (error) => {
      if (!ready) this.startFailure = error.message;
      fail(error);
    });
    worker.on('exit', () => {
      fail(new Error('A key server crypto thread stopped.'));
      const index = this.threads.indexOf(thread);
      if (this.closed || index < 0) return;
      // Replace a thread that died on its own; one that never started would only fail again.
      if (ready) this.threads.splice(index, 1, this.startThread());
      else this.threads.splice(index, 1);
    });
    return thread;
  }
}

/**
 * From source (tests, `tsx`) the thread's module is the .ts beside this file, loaded by the same
 * loader; bundled, it is built beside the CLI as requestCryptoWorker.js (scripts/build.mjs).
 */
function cryptoWorkerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './requestCryptoWorker.ts' : './requestCryptoWorker.js', import.meta.url);
}
