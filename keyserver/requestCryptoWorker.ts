// A key server crypto thread (see requestCrypto.ts): runs the jobs of cryptoJobs.ts, so the event
// loop keeps to HTTP, the database and the chain.
import { parentPort } from 'node:worker_threads';
import { runCryptoJob } from './cryptoJobs';
import type { CryptoJob } from './cryptoJobs';

parentPort?.on('message', (job: CryptoJob) => {
  const { result, transfer } = runCryptoJob(job);
  parentPort?.postMessage(result, transfer);
});
parentPort?.postMessage('ready');
