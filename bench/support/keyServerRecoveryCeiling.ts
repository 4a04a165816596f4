/**
 * The unlock benchmark's ceiling: how many signers per second `threads` threads recover from the
 * same typed data with ethers' `verifyTypedData`, doing nothing else (no HTTP, no JSON, no
 * message per request). One thread runs on the calling thread; several run as worker threads,
 * each warmed up on its own share, then started together and timed until the last one is done —
 * so a server recovering on N threads is compared with N threads' worth of recovery.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TypedDataDomain } from 'ethers';
import { verifyTypedData } from 'ethers';
import { unlockTypes } from '../../core/chain/keyServerTypedData';
import type { UnlockRequest } from '../../core/chain/keyServerTypedData';

const WARM_UP = 100;

/** Plain CommonJS, like the server's own recovery threads (keyserver/signerRecovery.ts). */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { verifyTypedData } = require(workerData.ethers);
const { domain, types, requests } = workerData;
const recoverAll = (list) => { for (const { unlock, signature } of list) verifyTypedData(domain, types, unlock, signature); };
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
): Promise<number> {
  if (threads <= 1) {
    for (const { unlock, signature } of requests.slice(0, WARM_UP)) {
      verifyTypedData(domain, unlockTypes, unlock, signature);
    }
    const start = performance.now();
    for (const { unlock, signature } of requests) verifyTypedData(domain, unlockTypes, unlock, signature);
    return requests.length / ((performance.now() - start) / 1000);
  }

  const ethers = createRequire(import.meta.url).resolve('ethers');
  const share = Math.ceil(requests.length / threads);
  const workers = Array.from(
    { length: threads },
    (_, index) =>
      new Worker(workerSource, {
        eval: true,
        workerData: {
          ethers,
          domain,
          types: unlockTypes,
          requests: requests.slice(index * share, (index + 1) * share),
        },
      }),
  );
  try {
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
    return requests.length / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
