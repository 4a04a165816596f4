// A crypto thread for tests: the real one (requestCryptoWorker.ts), except that a job signed with
// `crashSignature` ends the thread at once, as a crash would.
import { parentPort } from 'node:worker_threads';
import type { CryptoJob } from '../cryptoJobs';

export const crashSignature = `0x${'de'.repeat(65)}`;

parentPort?.on('message', (job: CryptoJob | 'stop') => {
  if (job !== 'stop' && 'signature' in job && job.signature === crashSignature) process.exit(3);
});
await import('../requestCryptoWorker');
