// The key server as a Fastify app, built from injected parts (settings, vault, chain, logging) so
// tests and benchmarks run the very same app against real or stand-in dependencies.
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { NetworkDescription } from '../protocol/networkDescription';
import type { ChainReader } from './chainReader';
import type { KeyServerSettings } from './config';
import { defaultMaxConnectionsPerIp, maxDeadlineSeconds, requestBodyLimitBytes } from './config';
import { capConnectionsPerAddress, httpServerOptions, requestTimeoutMs } from './connectionLimits';
import { keyServerDomain } from '../protocol/keyServerTypedData';
import { domainSeparator } from './eip712';
import { KeyServerError, scrubSecrets } from './errors';
import type { KeyVault } from './keyVault';
import { KeyStoreError } from './store/keyStore';
import { loggerOptions } from './logging';
import type { KeyServerLogging } from './logging';
import { KeyServerMetrics } from './metrics';
import { AddressRateLimiter, registerIpRateLimit } from './rateLimits';
import { registerDepositRoute } from './routes/deposit';
import { registerInfoRoutes } from './routes/info';
import { registerNetworkRoute } from './routes/network';
import type { RouteContext } from './routes/routeContext';
import { registerUnlockRoute } from './routes/unlock';
import { inlineRequestCrypto } from './requestCrypto';
import type { RequestCrypto } from './requestCrypto';

export interface KeyServerDependencies {
  config: KeyServerSettings;
  vault: KeyVault;
  chain: ChainReader;
  logger: KeyServerLogging;
  /** Where signers are recovered and keys sealed; on the event loop when not given. The caller closes it. */
  crypto?: RequestCrypto;
  /** Unix seconds; tests may fix it. */
  nowSeconds?: () => number;
  /** What `GET /v1/network` answers (PROTOCOL.md §6); without it that route says there is none. */
  network?: () => NetworkDescription;
}

/** How often expired nonces are forgotten. */
const nonceSweepMs = 60_000;
/** Nonces are kept this much past their deadline, against clocks that differ between instances. */
const nonceGraceSeconds = 60;

export async function buildKeyServer(dependencies: KeyServerDependencies): Promise<FastifyInstance> {
  const { config, vault, chain } = dependencies;
  const app = Fastify({
    logger: loggerOptions(dependencies.logger),
    // One line per request, written once it is answered (below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: requestBodyLimitBytes,
    trustProxy: config.trustProxy,
    // Our own 503 in the protocol's error shape (below) replaces Fastify's.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // A client that trickles its request is cut off (408) once the deadline passes.
    http: httpServerOptions,
    requestTimeout: requestTimeoutMs,
  });
  const metrics = new KeyServerMetrics();
  // Counted, not logged: a flood of refused connections would flood the log too.
  capConnectionsPerAddress(app.server, config.maxConnectionsPerIp ?? defaultMaxConnectionsPerIp, () =>
    metrics.connectionsRefused.inc(),
  );
  const context: RouteContext = {
    settings: config,
    vault,
    chain,
    metrics,
    domainSeparator: domainSeparator(keyServerDomain(config.chainId, config.factory)),
    addressLimiter: new AddressRateLimiter(config.rateLimits),
    crypto: dependencies.crypto ?? inlineRequestCrypto,
    nowSeconds: dependencies.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
    maxDeadlineSeconds,
  };

  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!shuttingDown) return;
    reply.header('connection', 'close');
    throw new KeyServerError('SHUTTING_DOWN', 'This key server is shutting down. Try again in a moment.');
  });
  // A keep-alive connection whose request was in flight at shutdown is closed once answered, so
  // closing does not wait for the client to hang up.
  app.addHook('onSend', async (_request, reply) => {
    if (shuttingDown) reply.header('connection', 'close');
  });

  app.setErrorHandler((error, request, reply) => {
    const refusal = toKeyServerError(error);
    metrics.noteOutcome(request, refusal.code);
    if (refusal.statusCode >= 500) {
      const cause = refusal === error ? refusal.cause : error;
      request.log.error({ code: refusal.code, failure: describeFailure(cause) }, 'request failed');
    }
    const retryAfter = refusal.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return reply.code(refusal.statusCode).send(refusal.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    metrics.noteOutcome(request, 'NOT_FOUND');
    return reply
      .code(404)
      .send(
        new KeyServerError(
          'NOT_FOUND',
          'No such endpoint. The key server answers GET /v1/info, GET /v1/network, POST /v1/keys, ' +
            'POST /v1/unlock, GET /v1/health and GET /metrics.',
        ).toBody(),
      );
  });

  metrics.register(app);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        code: metrics.outcomeOf(request, reply),
        ip: request.ip,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request answered',
    );
  });
  await registerIpRateLimit(app, config.rateLimits);
  registerInfoRoutes(app, context);
  registerNetworkRoute(app, dependencies.network);
  registerDepositRoute(app, context);
  registerUnlockRoute(app, context);

  let sweep: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    const sweepNonces = (): void => {
      vault.store.pruneNonces(context.nowSeconds() - nonceGraceSeconds).catch((error: unknown) => {
        app.log.warn({ failure: describeFailure(error) }, 'could not forget expired nonces');
      });
    };
    sweepNonces();
    sweep = setInterval(sweepNonces, nonceSweepMs).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweep);
  });
  return app;
}

/** Maps anything thrown to a protocol error; Fastify's own 4xx (body parsing) become 400 BAD_REQUEST. */
function toKeyServerError(error: unknown): KeyServerError {
  if (error instanceof KeyServerError) return error;
  if (error instanceof KeyStoreError && error.code === 'STORE_UNAVAILABLE') {
    const unavailable = new KeyServerError(
      'STORE_UNAVAILABLE',
      'The key server cannot reach its database just now. Try again in a minute; if it keeps failing, tell its operator.',
    );
    unavailable.cause = error;
    return unavailable;
  }
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new KeyServerError(
      'BAD_REQUEST',
      `The request body is larger than ${requestBodyLimitBytes} bytes.`,
    );
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new KeyServerError('BAD_REQUEST', 'Send the body as JSON, with Content-Type: application/json.');
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new KeyServerError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new KeyServerError('BAD_REQUEST', 'The request is malformed.');
  }
  const internal = new KeyServerError(
    'INTERNAL',
    'The key server failed to answer this request. Try again; if it keeps failing, tell its operator.',
  );
  internal.cause = error;
  return internal;
}

/** What is logged about an unexpected failure: its kind and a scrubbed message, never its arguments. */
function describeFailure(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: scrubSecrets(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: scrubSecrets(error.message).slice(0, 500),
  };
}
