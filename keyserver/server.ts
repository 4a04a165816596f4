// Booting a key server for real: the network file, the chain, the store, the vault, then listen.
// `busker keyserver`, `npm run keyserver` and the devnet all start it through here.
import type { FastifyInstance } from 'fastify';
import { networkFileFromDescription, readNetworkDescriptionFile } from '../protocol/networkFile';
import type { NetworkDescription } from '../protocol/networkDescription';
import { assertChainId, createProvider } from '../protocol/rpcProvider';
import { buildKeyServer } from './app';
import { EthersChainReader } from './chainReader';
import type { KeyServerBootConfig } from './config';
import { chainCallTimeoutMs } from './config';
import { KeyVault } from './keyVault';
import { describeServedNetwork } from './routes/network';
import type { KeyServerLogging } from './logging';
import { inlineRequestCrypto, WorkerRequestCrypto } from './requestCrypto';
import type { RequestCrypto } from './requestCrypto';
import type { KeyStore } from './store/keyStore';
import { openKeyStore } from './store/openKeyStore';

export interface RunningKeyServer {
  /** http://host:port the server listens on. */
  url: string;
  app: FastifyInstance;
  store: KeyStore;
  /**
   * Stops accepting connections, lets requests in flight finish, then closes the database and
   * the chain connection. Safe to call twice.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Log destination (standard output by default) — the level comes from the config. */
  logDestination?: NodeJS.WritableStream;
  /** The network itself, when the caller has it already (the devnet, before it writes the file). */
  network?: NetworkDescription;
}

export async function startKeyServer(
  config: KeyServerBootConfig,
  options: StartOptions = {},
): Promise<RunningKeyServer> {
  const description = options.network ?? (await readNetworkDescriptionFile(config.networkFile));
  const network = networkFileFromDescription(description);
  let publicUrl = config.publicUrl ?? '';
  let served: NetworkDescription | undefined;
  const provider = createProvider(network.rpcUrl, {
    chainId: network.chainId,
    timeoutMs: chainCallTimeoutMs,
  });
  let store: KeyStore | undefined;
  let app: FastifyInstance | undefined;
  let crypto: RequestCrypto | undefined;
  try {
    try {
      await assertChainId(provider, network.chainId);
    } catch (error) {
      throw new Error(
        `The key server cannot use the chain at ${network.rpcUrl} (from ${config.networkFile}): ` +
          `${(error as Error).message} Is the devnet (or the node) running?`,
        { cause: error },
      );
    }
    store = await openKeyStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    crypto = config.cryptoThreads > 0 ? new WorkerRequestCrypto(config.cryptoThreads) : inlineRequestCrypto;
    const vault = await KeyVault.open(store, config.masterKey);
    const logger: KeyServerLogging = {
      level: config.logLevel,
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    };
    app = await buildKeyServer({
      config: {
        chainId: network.chainId,
        factory: network.factory,
        confirmations: config.confirmations,
        rateLimits: config.rateLimits,
        trustProxy: config.trustProxy,
        maxConnectionsPerIp: config.maxConnectionsPerIp,
      },
      vault,
      chain: new EthersChainReader(provider, network.factory),
      logger,
      crypto,
      network: () => (served ??= describeServedNetwork(description, config.confirmations, publicUrl)),
    });
    const openedStore = store;
    const openedCrypto = crypto;
    app.addHook('onClose', async () => {
      await openedCrypto.close();
      await openedStore.close();
      provider.destroy();
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const running = app;
    const url = `http://${host}:${port}`;
    publicUrl ||= url;
    let closing: Promise<void> | undefined;
    return {
      url,
      app: running,
      store: openedStore,
      close: () => (closing ??= running.close()),
    };
  } catch (error) {
    await app?.close();
    await crypto?.close();
    await store?.close();
    provider.destroy();
    throw error;
  }
}
