/**
 * The key server's own crypto for one unlock, as its code runs it (keyserver/cryptoJobs.ts): the
 * EIP-712 digest, the signer's recovery and the content key sealed to the listener, in a hot loop
 * on one thread, with no HTTP, schema, database or hand-off. The least CPU any unlock of this
 * server costs, so a lone client's round trip can be set beside it.
 */
import { randomBytes } from 'node:crypto';
import type { TypedDataDomain } from 'ethers';
import type { UnlockRequest } from '../../protocol/keyServerTypedData';
import { envelopeContext } from '../../protocol/envelope';
import { runCryptoJob } from '../../keyserver/cryptoJobs';
import { domainSeparator } from '../../keyserver/eip712';
import { parseBody, unlockBodySchema } from '../../keyserver/requestSchemas';

const WARM_UP = 500;

/** Unlocks' crypto per second on one thread; throws if any unlock does not come out sealed. */
export function unlockCryptoRate(
  domain: TypedDataDomain,
  chainId: number,
  requests: UnlockRequest[],
): number {
  const separator = domainSeparator(domain);
  const contentKey = randomBytes(32);
  const jobs = requests.map((request, id) => {
    const { unlock, signature } = parseBody(unlockBodySchema, request);
    const context = envelopeContext(chainId, unlock.artist, unlock.trackId);
    return { id, kind: 'unlock', separator, unlock, signature, contentKey, context } as const;
  });
  const runAll = (list: typeof jobs) => {
    for (const job of list) {
      const { result } = runCryptoJob({ ...job, contentKey: new Uint8Array(job.contentKey) });
      if (!('envelope' in result)) throw new Error('an unlock in the hot loop was not sealed');
    }
  };
  runAll(jobs.slice(0, WARM_UP));
  const start = performance.now();
  runAll(jobs);
  return jobs.length / ((performance.now() - start) / 1000);
}
