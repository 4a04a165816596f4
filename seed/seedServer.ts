/**
 * A seed (PROTOCOL §7): an always-on Helia peer for one network. It follows the catalogue on
 * chain and keeps every published track's audio, metadata and cover; it serves blocks over
 * libp2p + bitswap at its public addresses, takes pin requests through the Pinning Service API,
 * and answers raw blocks as a trustless gateway. `busker seed` and the devnet start it here.
 */
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
import { registerPinningRoutes } from './pinningRoutes';
import { requirePinToken } from './pinToken';
import { defaultMaxBytes, PinWorker } from './pinWorker';
import type { SeedLimits } from './pinWorker';
import { createSeedHttp } from './seedHttp';
import type { SeedHttpLimits } from './seedHttp';
import { SeedStore } from './seedStore';

export interface SeedConfig extends SeedHttpLimits {
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
      onPeerUnreachable: (address) =>
        log(`the peer ${address} cannot be reached yet; it is dialled again every 10 s`),
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

    const app = await createSeedHttp(config, log);
    closers.push(() => app.close());
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
