// Recovering who signed a request is the one costly step of every request (~2 ms of elliptic-curve
// arithmetic in ethers). Done on the event loop it holds up every other request, health checks
// included; done in worker threads it runs beside the HTTP work, on as many cores as configured.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TypedDataDomain } from 'ethers';
import { depositTypes, unlockTypes } from '../core/chain/keyServerTypedData';
import { recoverDepositSigner, recoverUnlockSigner } from './eip712';
import type { DepositMessage, UnlockMessage } from './requestSchemas';

export type SignedRequest =
  { kind: 'deposit'; message: DepositMessage } | { kind: 'unlock'; message: UnlockMessage };

export interface SignerRecovery {
  /** The address that signed `request` over `domain`, or null when the signature is invalid. */
  recover(domain: TypedDataDomain, request: SignedRequest, signature: string): Promise<string | null>;
  close(): Promise<void>;
}

/** Recovery on the calling thread: for tests, tools and single-core machines. */
export const inlineSignerRecovery: SignerRecovery = {
  recover: async (domain, request, signature) =>
    request.kind === 'deposit'
      ? recoverDepositSigner(domain, request.message, signature)
      : recoverUnlockSigner(domain, request.message, signature),
  close: async () => undefined,
};

/** Plain CommonJS, so the same code runs from source (tsx) and from the bundled CLI. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { verifyTypedData } = require(workerData.ethers);
parentPort.on('message', ({ id, domain, types, message, signature }) => {
  let signer = null;
  try { signer = verifyTypedData(domain, types, message, signature); } catch {}
  parentPort.postMessage({ id, signer });
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
  private readonly ethersPath = createRequire(import.meta.url).resolve('ethers');
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
    const id = (this.nextId += 1);
    const types = request.kind === 'deposit' ? depositTypes : unlockTypes;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, domain, types, message: request.message, signature });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private startThread(): RecoveryThread {
    const worker = new Worker(workerSource, { eval: true, workerData: { ethers: this.ethersPath } });
    const thread: RecoveryThread = { worker, pending: new Map() };
    worker.on('message', ({ id, signer }: { id: number; signer: string | null }) => {
      const job = thread.pending.get(id);
      thread.pending.delete(id);
      job?.resolve(signer);
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
