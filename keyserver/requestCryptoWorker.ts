// A key server crypto thread (see requestCrypto.ts): recovers the signers of requests and seals
// content keys to listeners, so the event loop keeps to HTTP, the database and the chain.
import { parentPort } from 'node:worker_threads';
import { missingCase } from '../core/errors';
import { sealEnvelope } from '../core/crypto/envelope';
import { recoverSigner, requestDigest } from './eip712';
import type { CryptoJob } from './requestCrypto';

parentPort?.on('message', (job: CryptoJob) => {
  switch (job.kind) {
    case 'recover': {
      const signer = recoverSigner(requestDigest(job.separator, job.request), job.signature);
      parentPort?.postMessage({ id: job.id, signer });
      return;
    }
    case 'seal':
      try {
        // Into a buffer of its own, moved rather than copied back.
        const envelope = new Uint8Array(sealEnvelope(job.contentKey, job.recipientKey, job.context));
        parentPort?.postMessage({ id: job.id, envelope }, [envelope.buffer]);
      } catch (error) {
        const { name, message } = error as Error;
        parentPort?.postMessage({ id: job.id, failure: { name, message } });
      } finally {
        job.contentKey.fill(0);
      }
      return;
    default:
      missingCase(job);
  }
});
parentPort?.postMessage('ready');
