import type { FastifyInstance } from 'fastify';
import { healthTimeoutMs } from '../config';
import { withinDeadline } from '../../base/deadline';
import { KeyServerError } from '../errors';
import type { RouteContext } from './routeContext';

export function registerInfoRoutes(app: FastifyInstance, context: RouteContext): void {
  const info = {
    version: 1,
    chainId: context.settings.chainId,
    factory: context.settings.factory,
    confirmations: context.settings.confirmations,
    publicKey: context.vault.identity.publicKey.toString('base64url'),
  };
  app.get('/v1/info', async () => info);

  // Health: the chain and the database both answer, each within the health check's own deadline,
  // so a load balancer sees a hung dependency as unhealthy instead of waiting with the request.
  // Not rate limited, for load balancers.
  app.get('/v1/health', { config: { rateLimit: false } }, async (request, reply) => {
    const [chain, store] = await Promise.all([
      dependencyCheck(context.chain.headBlock(), 'CHAIN_UNAVAILABLE', 'The chain node'),
      dependencyCheck(context.vault.store.ping(), 'STORE_UNAVAILABLE', "The key server's database"),
    ]);
    if (!(chain instanceof KeyServerError) && !(store instanceof KeyServerError)) {
      return { ok: true, chainHead: chain };
    }
    const problem = chain instanceof KeyServerError ? chain : (store as KeyServerError);
    context.metrics.noteOutcome(request, problem.code);
    request.log.warn({ code: problem.code }, 'health check failed');
    return reply.code(503).send({
      ok: false,
      ...problem.toBody(),
      chain: chain instanceof KeyServerError ? chain.code : 'ok',
      store: store instanceof KeyServerError ? store.code : 'ok',
    });
  });
}

/** What one dependency answered within the health deadline, or the refusal saying it did not. */
function dependencyCheck<T>(
  work: Promise<T>,
  code: 'CHAIN_UNAVAILABLE' | 'STORE_UNAVAILABLE',
  who: string,
): Promise<T | KeyServerError> {
  const timedOut = () =>
    new KeyServerError(code, `${who} did not answer within ${healthTimeoutMs / 1000} s.`);
  return withinDeadline(work, healthTimeoutMs, timedOut).catch((error: unknown) =>
    error instanceof KeyServerError ? error : new KeyServerError(code, `${who} cannot be reached.`),
  );
}
