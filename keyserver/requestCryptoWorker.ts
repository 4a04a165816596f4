// A key server crypto thread (see requestCrypto.ts): runs the jobs of cryptoJobs.ts, so the event
// loop keeps to HTTP, the database and the chain. Asked to stop, it closes its port between jobs
// and ends once nothing is left to run.
import { parentPort } from 'node:worker_threads';
import { runCryptoJob } from './cryptoJobs';
import type { CryptoJob } from './cryptoJobs';

parentPort?.on('message', (job: CryptoJob | 'stop') => {
  if (job === 'stop') {
    parentPort?.close();
    return;
  }
  const { result, transfer } = runCryptoJob(job);
  parentPort?.postMessage(result, transfer);
});
parentPort?.postMessage('ready');
