// The devnet's seed: on loopback, in a folder of its own that goes with the devnet, so tracks
// published on the local network stay online with the artist's app closed, as on a real one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevnetSeedService } from '../devnet/devnet';
import { defaultSeedSettings, startSeed } from './seedServer';

export const startDevnetSeed: DevnetSeedService = async (network) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'busker-devnet-seed-'));
  try {
    const seed = await startSeed({
      ...defaultSeedSettings,
      dataDir,
      network: {
        chainId: network.chain.chainId,
        rpcUrl: network.chain.rpcUrls[0] ?? '',
        factory: network.chain.factory,
        factoryBlock: network.chain.factoryBlock,
      },
      listen: ['/ip4/127.0.0.1/tcp/0'],
      httpHost: '127.0.0.1',
      httpPort: 0,
      followIntervalMs: 2_000,
      log: () => {},
    });
    return {
      seed: {
        peerId: seed.peerId,
        multiaddrs: seed.multiaddrs,
        pinning: seed.pinningUrl,
        gateway: seed.gatewayUrl,
      },
      stop: async () => {
        await seed.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
};
