/**
 * One thread of the unlock crypto measure (unlockCryptoRate.ts): prepares its share of unlocks,
 * warms up on the first of them, says it is ready, and on "go" runs them all and says it is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runUnlockJobs, unlockJobs, type UnlockCryptoShare } from './unlockCryptoRate';

const WARM_UP = 500;

const jobs = unlockJobs(workerData as UnlockCryptoShare);
runUnlockJobs(jobs.slice(0, WARM_UP));
parentPort?.once('message', () => {
  runUnlockJobs(jobs);
  parentPort?.postMessage('done');
});
parentPort?.postMessage('ready');
