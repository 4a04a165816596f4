// The devnet's key server: started by `busker devnet` / `npm run devnet` once the factory is
// deployed, so one command gives chain, contracts and key server. Like the devnet's chain it is
// throwaway: a fresh database in a temporary folder under a random master key, removed on stop.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevnetService } from '../devnet/devnet';
import { defaultMaxConnectionsPerIp } from './config';
import { MasterKey } from './masterKey';
import { startKeyServer } from './server';

export const startDevnetKeyServer: DevnetService = async (network) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'busker-devnet-keyserver-'));
  try {
    const server = await startKeyServer(
      {
        host: '127.0.0.1',
        port: 0,
        networkFile: '',
        dataDir,
        databaseUrl: undefined,
        masterKey: MasterKey.generate(),
        confirmations: network.chain.confirmations,
        rateLimits: { perIp: 600, perAddress: 120, windowMs: 60_000 },
        trustProxy: false,
        maxConnectionsPerIp: defaultMaxConnectionsPerIp,
        logLevel: 'warn',
        cryptoThreads: 0,
      },
      { network, logDestination: process.stderr },
    );
    return {
      url: server.url,
      stop: async () => {
        try {
          await server.close();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
};
