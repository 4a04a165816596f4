import type { FastifyInstance } from 'fastify';
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

  // Health: the chain and the database both answer. Not rate limited, for load balancers.
  app.get('/v1/health', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      const [chainHead] = await Promise.all([context.chain.headBlock(), context.vault.store.ping()]);
      return { ok: true, chainHead };
    } catch (error) {
      const problem =
        error instanceof KeyServerError
          ? error
          : new KeyServerError('STORE_UNAVAILABLE', 'The key server cannot reach its database.');
      context.metrics.noteOutcome(request, problem.code);
      request.log.warn({ code: problem.code }, 'health check failed');
      return reply.code(503).send({ ok: false, ...problem.toBody() });
    }
  });
}
