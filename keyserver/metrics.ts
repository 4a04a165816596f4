// Prometheus metrics at GET /metrics: requests and their latency by route and outcome (the
// protocol's error code, or "ok"), keys deposited and unlocks released. One registry per server,
// so several servers in one process (tests) keep separate counts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export class KeyServerMetrics {
  readonly registry = new Registry();
  private readonly outcomes = new WeakMap<FastifyRequest, string>();

  readonly requests = new Counter({
    name: 'busker_keyserver_requests_total',
    help: 'Requests answered, by route and outcome (ok or the error code).',
    labelNames: ['route', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'busker_keyserver_request_duration_seconds',
    help: 'Time from request to response, by route and outcome.',
    labelNames: ['route', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly unlocksReleased = new Counter({
    name: 'busker_keyserver_unlocks_released_total',
    help: 'Content keys released, sealed to a listener.',
    registers: [this.registry],
  });

  readonly keysDeposited = new Counter({
    name: 'busker_keyserver_keys_deposited_total',
    help: 'Deposits accepted (including repeated deposits of the same key).',
    registers: [this.registry],
  });

  readonly connectionsRefused = new Counter({
    name: 'busker_keyserver_connections_refused_total',
    help: 'Connections closed at once because their address already held the most it may.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'busker_keyserver_' });
  }

  /** Remembers the error code a request ended with (the error handler calls this). */
  noteOutcome(request: FastifyRequest, code: string): void {
    this.outcomes.set(request, code);
  }

  /** The error code a request ended with, or "ok". */
  outcomeOf(request: FastifyRequest, reply: FastifyReply): string {
    return this.outcomes.get(request) ?? (reply.statusCode < 400 ? 'ok' : String(reply.statusCode));
  }

  /** Counts every response once it is sent, and serves the registry at /metrics. */
  register(app: FastifyInstance): void {
    app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const outcome = this.outcomeOf(request, reply);
      this.requests.inc({ route, outcome });
      this.latency.observe({ route, outcome }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
      reply.header('content-type', this.registry.contentType);
      return this.registry.metrics();
    });
  }
}
