/**
 * A seed (PROTOCOL §7): an always-on Helia peer for one network. It follows the catalogue on
 * chain and keeps every published track's audio, metadata and cover; it serves blocks over
 * libp2p + bitswap at its public addresses, takes pin requests through the Pinning Service API,
 * and answers raw blocks as a trustless gateway. `busker seed` and the devnet start it here.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Gauge, Registry } from 'prom-client';
import { CatalogueStore } from '../core/chain/catalogueStore';
import { CatalogueSync } from '../core/chain/catalogueSync';
import { openChainDatabase } from '../core/chain/chainDatabase';
import type { ChainDatabase } from '../core/chain/chainDatabase';
import type { NetworkFile } from '../protocol/networkFile';
import { createProvider } from '../protocol/rpcProvider';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { CatalogueFollower } from './catalogueFollower';
import { registerGatewayRoutes } from './gatewayRoutes';
import { seedListenDefaults } from './seedDefaults';
import { pinningFailure, registerPinningRoutes } from './pinningRoutes';
import { requirePinToken } from './pinToken';
import { defaultMaxBytes, PinWorker } from './pinWorker';
import type { SeedLimits } from './pinWorker';
import { SeedStore } from './seedStore';

export interface SeedConfig {
  /** Holds the blocks, the peer key (a stable identity), the catalogue and the pin records. */
  dataDir: string;
  network: Pick<NetworkFile, 'chainId' | 'rpcUrl' | 'factory' | 'factoryBlock'>;
  /** libp2p listen addresses; a stable port so the network description stays true. */
  listen: string[];
  /** The public addresses peers are told (required where the listen address is private or NATed). */
  announce: string[];
  /** Other seeds (multiaddrs with /p2p/), dialled at start and kept. */
  peers: string[];
  httpHost: string;
  httpPort: number;
  limits: SeedLimits;
  /** Pin requests (adds and removals) per minute from one address. */
  pinRequestsPerMinute: number;
  /** Gateway requests per minute from one address (a track is a few hundred blocks). */
  gatewayRequestsPerMinute: number;
  /** How often the catalogue is followed. */
  followIntervalMs: number;
  /** When set, pin requests must carry it as a bearer token (a private network's seed). */
  pinToken?: string;
  log?: (message: string) => void;
}

export const defaultSeedSettings = {
  ...seedListenDefaults,
  announce: [] as string[],
  peers: [] as string[],
  limits: {
    maxBytes: defaultMaxBytes,
    artistQuotaBytes: null,
    diskLimitBytes: null,
    pinTimeoutMs: 10 * 60_000,
  },
  pinRequestsPerMinute: 120,
  gatewayRequestsPerMinute: 30_000,
  followIntervalMs: 5_000,
} satisfies Partial<SeedConfig>;

export interface RunningSeed {
  peerId: string;
  /** Where other peers dial it (announced addresses when given). */
  multiaddrs: string[];
  /** http://host:port of its HTTP side. */
  url: string;
  pinningUrl: string;
  gatewayUrl: string;
  content: HeliaContentStore;
  records: SeedStore;
  follower: CatalogueFollower;
  worker: PinWorker;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startSeed(config: SeedConfig): Promise<RunningSeed> {
  const log = config.log ?? ((message: string) => console.log(`seed: ${message}`));
  await mkdir(config.dataDir, { recursive: true });
  const provider = createProvider(config.network.rpcUrl, { chainId: config.network.chainId });
  const closers: (() => Promise<void> | void)[] = [() => provider.destroy()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const content = await createHeliaContentStore({
      directory: join(config.dataDir, 'ipfs'),
      listen: config.listen,
      announce: config.announce,
      keepConnected: config.peers,
    });
    closers.push(() => content.close());
    const records = SeedStore.open(join(config.dataDir, 'seed.sqlite'));
    closers.push(() => records.close());
    const chainDb: ChainDatabase = openChainDatabase(join(config.dataDir, 'chain.sqlite'));
    closers.push(() => void chainDb.close());
    const catalogue = new CatalogueStore(chainDb);
    const sync = new CatalogueSync({
      provider,
      store: catalogue,
      chainId: config.network.chainId,
      factory: config.network.factory,
      // A seed keeps what was published a moment ago: a re-org can only make it keep a little more.
      confirmations: 0,
      startBlock: config.network.factoryBlock ?? 0,
    });
    const worker = new PinWorker(content, records, config.limits, log);
    closers.push(() => worker.close());
    const follower = new CatalogueFollower(sync, catalogue, records, worker, log);
    worker.onCover = (cover, from) => follower.pinCover(cover, from.artist);
    closers.push(() => follower.stop());
    const delegates = (): string[] => {
      const peerId = content.peerId;
      return content
        .listenAddresses()
        .map((address) => (address.includes('/p2p/') ? address : `${address}/p2p/${peerId}`));
    };

    const app = Fastify({
      logger: false,
      bodyLimit: 64 * 1024,
      requestTimeout: 30_000,
      connectionTimeout: 30_000,
    });
    closers.push(() => app.close());
    const pinLimit = { rateLimit: { max: config.pinRequestsPerMinute, timeWindow: 60_000 } };
    const gatewayLimit = { rateLimit: { max: config.gatewayRequestsPerMinute, timeWindow: 60_000 } };
    // Before the rate limiter's own onRoute hook, which reads each route's config once.
    app.addHook('onRoute', (route) => {
      // Adding and removing pins costs the seed work; reading their status is cheap.
      const changes = [route.method].flat().some((method) => method === 'POST' || method === 'DELETE');
      if (route.url.startsWith('/psa') && changes)
        route.config = { ...(route.config as object), ...pinLimit };
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
      if (status === 429)
        return reply.code(429).send({ error: (error as unknown as { error: object }).error });
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
    if (config.pinToken !== undefined) requirePinToken(app, '/psa', config.pinToken);
    registerPinningRoutes(app, '/psa', { records, worker, follower, delegates });
    registerGatewayRoutes(app, content.localBlocks);
    const metrics = seedMetrics(records, content);
    app.get('/metrics', async (_request, reply) =>
      reply.header('content-type', metrics.contentType).send(await metrics.metrics()),
    );
    app.get('/health', async (_request, reply) => {
      try {
        const chainHead = await provider.getBlockNumber();
        return { ok: true, chainHead, peerId: content.peerId, pins: records.countsByStatus() };
      } catch {
        return reply
          .code(503)
          .send({ ok: false, reason: 'The chain does not answer.', peerId: content.peerId });
      }
    });
    await app.listen({ host: config.httpHost, port: config.httpPort });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.httpPort;
    const host = config.httpHost.includes(':') ? `[${config.httpHost}]` : config.httpHost;
    const url = `http://${host}:${port}`;

    // Requests a stopped seed had not finished are taken up again.
    for (const record of records.unsettledPins()) worker.enqueue(record);
    follower.start(config.followIntervalMs);
    let closing: Promise<void> | undefined;
    return {
      peerId: content.peerId,
      multiaddrs: delegates(),
      url,
      pinningUrl: `${url}/psa`,
      gatewayUrl: url,
      content,
      records,
      follower,
      worker,
      app,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function seedMetrics(records: SeedStore, content: HeliaContentStore): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'busker_seed_pins',
    help: 'Pin requests by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      for (const [status, count] of Object.entries(records.countsByStatus())) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'busker_seed_stored_bytes',
    help: 'Bytes of blocks held.',
    registers: [registry],
    async collect() {
      this.set(await content.cacheSize());
    },
  });
  return registry;
}
