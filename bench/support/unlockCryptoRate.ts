/**
 * The key server's own crypto for one unlock, as its code runs it (keyserver/cryptoJobs.ts): the
 * EIP-712 digest, the signer's recovery and the content key sealed to the listener, in a hot loop
 * with no HTTP, schema, database or hand-off, on as many threads as asked (each a worker running
 * unlockCryptoThread.ts on its share, all started together). The least CPU any unlock of this
 * server costs, so the unlock bench can hold the server to it.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { TypedDataDomain } from 'ethers';
import type { UnlockRequest } from '../../protocol/keyServerTypedData';
import { envelopeContext } from '../../protocol/envelope';
import { runCryptoJob } from '../../keyserver/cryptoJobs';
import { domainSeparator } from '../../keyserver/eip712';
import { parseBody, unlockBodySchema } from '../../keyserver/requestSchemas';
import { timeWorkers } from './keyServerRecoveryCeiling';

/** What one thread of the measure is given. */
export interface UnlockCryptoShare {
  domain: TypedDataDomain;
  chainId: number;
  requests: UnlockRequest[];
}

/** The unlocks of `share` as the server's crypto jobs, ready to run. */
export function unlockJobs({ domain, chainId, requests }: UnlockCryptoShare) {
  const separator = domainSeparator(domain);
  const contentKey = randomBytes(32);
  return requests.map((request, id) => {
    const { unlock, signature } = parseBody(unlockBodySchema, request);
    const context = envelopeContext(chainId, unlock.artist, unlock.trackId);
    return { id, kind: 'unlock', separator, unlock, signature, contentKey, context } as const;
  });
}

/** Runs every job; throws if any unlock does not come out sealed. */
export function runUnlockJobs(jobs: ReturnType<typeof unlockJobs>): void {
  for (const job of jobs) {
    const { result } = runCryptoJob({ ...job, contentKey: new Uint8Array(job.contentKey) });
    if (!('envelope' in result)) throw new Error('an unlock in the hot loop was not sealed');
  }
}

/** Unlocks' crypto per second on `threads` threads, `requests` shared out among them. */
export async function unlockCryptoRate(
  domain: TypedDataDomain,
  chainId: number,
  requests: UnlockRequest[],
  threads: number,
): Promise<number> {
  const share = Math.ceil(requests.length / threads);
  const workers = Array.from({ length: threads }, (_, index) => {
    const workerData: UnlockCryptoShare = {
      domain,
      chainId,
      requests: requests.slice(index * share, (index + 1) * share),
    };
    return new Worker(new URL('./unlockCryptoThread.ts', import.meta.url), { workerData });
  });
  try {
    return requests.length / ((await timeWorkers(workers)) / 1000);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
