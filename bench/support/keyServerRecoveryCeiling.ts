/**
 * The unlock benchmark's ceiling: how many signers per second `threads` threads recover from the
 * same typed data with raw library calls, doing nothing else (no HTTP, no JSON, no message per
 * request): ethers' EIP-712 hash and libsecp256k1's recovery (the build the server uses:
 * keyserver/secp256k1Recovery.ts), or, for comparison, ethers' `verifyTypedData` alone. Every
 * thread is a worker, warmed up on its own share, then all start together and are timed until the
 * last one is done — so a server recovering on N threads is compared with N threads' worth of
 * recovery.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TypedDataDomain } from 'ethers';
import { unlockTypes } from '../../protocol/keyServerTypedData';
import type { UnlockRequest } from '../../protocol/keyServerTypedData';
import { recoveryBackend } from '../../keyserver/secp256k1Recovery';

const WARM_UP = 100;

export type Recoverer = 'libsecp256k1' | 'ethers';

/** Plain CommonJS, evaluated in each ceiling thread. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { concat, computeAddress, getBytes, hexlify, Signature, TypedDataEncoder, verifyTypedData } = require(workerData.ethers);
const secp256k1 = require(workerData.secp256k1);
const recover = workerData.native
  ? (digest, compact, recoveryId) => secp256k1.ecdsaRecover(compact, recoveryId, digest, false)
  : (digest, compact, recoveryId) => secp256k1.recover(digest, compact, recoveryId, false);
const { domain, types, requests, recoverer } = workerData;
const recoverOne = recoverer === 'ethers'
  ? ({ unlock, signature }) => verifyTypedData(domain, types, unlock, signature)
  : ({ unlock, signature }) => {
      const digest = getBytes(TypedDataEncoder.hash(domain, types, unlock));
      const parsed = Signature.from(signature);
      return computeAddress(hexlify(recover(digest, getBytes(concat([parsed.r, parsed.s])), parsed.yParity)));
    };
const recoverAll = (list) => { for (const request of list) recoverOne(request); };
recoverAll(requests.slice(0, ${WARM_UP}));
parentPort.once('message', () => {
  recoverAll(requests);
  parentPort.postMessage('done');
});
parentPort.postMessage('ready');
`;

export async function recoveryCeiling(
  domain: TypedDataDomain,
  requests: UnlockRequest[],
  threads: number,
  recoverer: Recoverer = 'libsecp256k1',
): Promise<number> {
  const resolve = createRequire(import.meta.url).resolve;
  const share = Math.ceil(requests.length / threads);
  const workers = Array.from(
    { length: threads },
    (_, index) =>
      new Worker(workerSource, {
        eval: true,
        workerData: {
          ethers: resolve('ethers'),
          native: recoveryBackend === 'native',
          secp256k1: resolve(recoveryBackend === 'native' ? 'secp256k1/bindings' : 'tiny-secp256k1'),
          recoverer,
          domain,
          types: unlockTypes,
          requests: requests.slice(index * share, (index + 1) * share),
        },
      }),
  );
  try {
    return requests.length / ((await timeWorkers(workers)) / 1000);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * Waits until every worker says it is warmed up and ready, sends them all "go" at once and answers
 * the ms until the last one says it is done. Rejects with the first worker's error.
 */
export async function timeWorkers(workers: Worker[]): Promise<number> {
  const nextMessage = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  await Promise.all(workers.map(nextMessage)); // every thread warmed up and waiting
  const done = Promise.all(workers.map(nextMessage));
  const start = performance.now();
  for (const worker of workers) worker.postMessage('go');
  await done;
  return performance.now() - start;
}
