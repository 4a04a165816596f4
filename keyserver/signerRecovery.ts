// Recovering who signed a request is the one costly step of every request (~0.2 ms of elliptic-curve
// arithmetic in libsecp256k1). Done on the event loop it holds up every other request, health
// checks included; done in worker threads it runs beside the HTTP work, on as many cores as
// configured. Either way the request is hashed and its signature checked for shape here
// (eip712.ts); a thread only runs libsecp256k1's recovery.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TypedDataDomain } from 'ethers';
import { addressOf, recoverSigner, recoveryInput, requestDigest } from './eip712';
import type { SignedRequest } from './eip712';

export type { SignedRequest } from './eip712';

export interface SignerRecovery {
  /** The address that signed `request` over `domain`, or null when the signature is invalid. */
  recover(domain: TypedDataDomain, request: SignedRequest, signature: string): Promise<string | null>;
  close(): Promise<void>;
}

/** Recovery on the calling thread: for tests, tools and single-core machines. */
export const inlineSignerRecovery: SignerRecovery = {
  recover: async (domain, request, signature) => recoverSigner(requestDigest(domain, request), signature),
  close: async () => undefined,
};

/** Plain CommonJS, so the same code runs from source (tsx) and from the bundled CLI. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { recover } = require(workerData.secp256k1);
parentPort.on('message', ({ id, digest, compact, recoveryId }) => {
  let publicKey = null;
  try { publicKey = recover(digest, compact, recoveryId, false); } catch {}
  parentPort.postMessage({ id, publicKey });
});
`;

interface Job {
  resolve(signer: string | null): void;
  reject(error: Error): void;
}

interface RecoveryThread {
  worker: Worker;
  pending: Map<number, Job>;
}

/** A fixed pool of worker threads; each job goes to the thread with the fewest in hand. */
export class WorkerSignerRecovery implements SignerRecovery {
  private readonly threads: RecoveryThread[] = [];
  private readonly secp256k1Path = createRequire(import.meta.url).resolve('tiny-secp256k1');
  private nextId = 0;
  private closed = false;

  constructor(threadCount: number) {
    if (!(threadCount >= 1)) throw new RangeError('A recovery pool needs at least one thread.');
    for (let index = 0; index < threadCount; index += 1) this.threads.push(this.startThread());
  }

  recover(domain: TypedDataDomain, request: SignedRequest, signature: string): Promise<string | null> {
    if (this.closed) return Promise.reject(new Error('The signer recovery pool is closed.'));
    const thread = this.threads.reduce((least, candidate) =>
      candidate.pending.size < least.pending.size ? candidate : least,
    );
    const input = recoveryInput(requestDigest(domain, request), signature);
    if (input === null) return Promise.resolve(null);
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...input });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private startThread(): RecoveryThread {
    const worker = new Worker(workerSource, { eval: true, workerData: { secp256k1: this.secp256k1Path } });
    const thread: RecoveryThread = { worker, pending: new Map() };
    worker.on('message', ({ id, publicKey }: { id: number; publicKey: Uint8Array | null }) => {
      const job = thread.pending.get(id);
      thread.pending.delete(id);
      job?.resolve(addressOf(publicKey));
    });
    const fail = (error: Error): void => {
      for (const job of thread.pending.values()) job.reject(error);
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => {
      fail(new Error('A signer recovery thread stopped.'));
      // Replace a thread that died on its own; a closing pool lets them go.
      if (!this.closed) this.threads.splice(this.threads.indexOf(thread), 1, this.startThread());
    });
    return thread;
  }
}
