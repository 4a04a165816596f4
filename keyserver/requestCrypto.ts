// The costly steps of a request, all elliptic-curve work: recovering who signed it (~0.25 ms: the
// EIP-712 digest and libsecp256k1's recovery) and, for an unlock, sealing the key to the listener
// (~0.1 ms: an ephemeral X25519 key, its shared secret, HKDF and AES-GCM). Done on the event loop
// they hold up every other request, health checks included; done in worker threads they run beside
// the HTTP, database and chain work, on as many cores as configured (requestCryptoWorker.ts).
import { Worker } from 'node:worker_threads';
import { EnvelopeError, sealEnvelope } from '../core/crypto/envelope';
import { recoverSigner, requestDigest } from './eip712';
import type { SignedRequest } from './eip712';

export type { SignedRequest } from './eip712';

export interface RequestCrypto {
  /**
   * The lower-case address that signed `request` over the domain with this EIP-712 separator,
   * or null when the signature is invalid.
   */
  recoverSigner(separator: Uint8Array, request: SignedRequest, signature: string): Promise<string | null>;
  /** `contentKey` sealed to `recipientKey` for `context` (PROTOCOL.md §2); rejects with `EnvelopeError`. */
  seal(contentKey: Uint8Array, recipientKey: Uint8Array, context: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** On the calling thread: for tests, tools and single-core machines. */
export const inlineRequestCrypto: RequestCrypto = {
  recoverSigner: async (separator, request, signature) =>
    recoverSigner(requestDigest(separator, request), signature),
  seal: async (contentKey, recipientKey, context) => sealEnvelope(contentKey, recipientKey, context),
  close: async () => undefined,
};

/** What a crypto thread is asked to do; the content key is a copy that the thread wipes. */
export type CryptoJob =
  | { id: number; kind: 'recover'; separator: Uint8Array; request: SignedRequest; signature: string }
  | { id: number; kind: 'seal'; contentKey: Uint8Array; recipientKey: Uint8Array; context: string };

export type CryptoResult =
  | { id: number; signer: string | null }
  | { id: number; envelope: Uint8Array }
  | { id: number; failure: { name: string; message: string } };

/** A job before it is sent, which gives it its id. */
type Unsent<Job> = Job extends CryptoJob ? Omit<Job, 'id'> : never;

interface PendingJob {
  settle(result: CryptoResult): void;
  reject(error: Error): void;
}

interface CryptoThread {
  worker: Worker;
  pending: Map<number, PendingJob>;
}

/** A fixed pool of worker threads; each job goes to the thread with the fewest in hand. */
export class WorkerRequestCrypto implements RequestCrypto {
  private readonly threads: CryptoThread[] = [];
  private nextId = 0;
  private closed = false;
  /** Why the last thread that never became ready failed. */
  private startFailure = 'unknown';

  /** `workerUrl` is the thread's module: requestCryptoWorker beside this one, unless a test says otherwise. */
  constructor(
    threadCount: number,
    private readonly workerUrl = cryptoWorkerUrl(),
  ) {
    if (!(threadCount >= 1)) throw new RangeError('A crypto thread pool needs at least one thread.');
    for (let index = 0; index < threadCount; index += 1) this.threads.push(this.startThread());
  }

  async recoverSigner(
    separator: Uint8Array,
    request: SignedRequest,
    signature: string,
  ): Promise<string | null> {
    const result = await this.run({ kind: 'recover', separator, request, signature });
    return 'signer' in result ? result.signer : null;
  }

  async seal(contentKey: Uint8Array, recipientKey: Uint8Array, context: string): Promise<Buffer> {
    // Copies in buffers of their own are moved to the thread, so nothing sharing their memory travels along.
    const key = new Uint8Array(contentKey);
    const recipient = new Uint8Array(recipientKey);
    const result = await this.run({ kind: 'seal', contentKey: key, recipientKey: recipient, context }, [
      key.buffer,
      recipient.buffer,
    ]);
    if ('envelope' in result) return Buffer.from(result.envelope);
    const { name, message } =
      'failure' in result ? result.failure : { name: 'Error', message: 'Not sealed.' };
    throw name === 'EnvelopeError' ? new EnvelopeError(message) : new Error(`Sealing failed: ${message}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private run(job: Unsent<CryptoJob>, transfer: ArrayBuffer[] = []): Promise<CryptoResult> {
    if (this.closed) return Promise.reject(new Error('The key server crypto threads are closed.'));
    if (this.threads.length === 0) {
      return Promise.reject(new Error(`No key server crypto thread could start: ${this.startFailure}`));
    }
    const thread = this.threads.reduce((least, candidate) =>
      candidate.pending.size < least.pending.size ? candidate : least,
    );
    const id = (this.nextId += 1);
    return new Promise((settle, reject) => {
      thread.pending.set(id, { settle, reject });
      thread.worker.postMessage({ ...job, id }, transfer);
    });
  }

  private startThread(): CryptoThread {
    const worker = new Worker(this.workerUrl);
    const thread: CryptoThread = { worker, pending: new Map() };
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
