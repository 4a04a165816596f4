/**
 * The seed's HTTP server as it faces the world, before any route: size caps and timeouts,
 * per-address rate limits (pin changes under `/psa`, block reads under `/ipfs`), and errors in the
 * Pinning Service API's shape. The seed adds its routes to it; the gateway benchmark serves
 * through the very same server.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { pinningFailure } from './pinningRoutes';

export interface SeedHttpLimits {
  /** Pin requests (adds and removals) per minute from one address. */
  pinRequestsPerMinute: number;
  /** Gateway requests per minute from one address (a track is a few hundred blocks). */
  gatewayRequestsPerMinute: number;
}

export async function createSeedHttp(
  limits: SeedHttpLimits,
  log: (message: string) => void,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
  });
  const pinLimit = { rateLimit: { max: limits.pinRequestsPerMinute, timeWindow: 60_000 } };
  const gatewayLimit = { rateLimit: { max: limits.gatewayRequestsPerMinute, timeWindow: 60_000 } };
  // Before the rate limiter's own onRoute hook, which reads each route's config once.
  app.addHook('onRoute', (route) => {
    // Adding and removing pins costs the seed work; reading their status is cheap.
    const changes = [route.method].flat().some((method) => method === 'POST' || method === 'DELETE');
    if (route.url.startsWith('/psa') && changes) route.config = { ...(route.config as object), ...pinLimit };
    if (route.url.startsWith('/ipfs')) route.config = { ...(route.config as object), ...gatewayLimit };
  });
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: {
        reason: 'RATE_LIMITED',
        details: `Too many requests from this address: try again in ${context.after}.`,
      },
    }),
  });
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 429) return reply.code(429).send({ error: (error as unknown as { error: object }).error });
    if (status < 500) return pinningFailure(reply, status, 'BAD_REQUEST', (error as Error).message);
    log(`request failed: ${String(error)}`);
    return pinningFailure(reply, 500, 'INTERNAL_SERVER_ERROR', 'The seed failed to answer. Try again.');
  });
  app.setNotFoundHandler((_request, reply) =>
    pinningFailure(
      reply,
      404,
      'NOT_FOUND',
      'This seed answers /psa/pins, /ipfs/{cid}, /health and /metrics.',
    ),
  );
  return app;
}
