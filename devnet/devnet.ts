// The local development network in one call: anvil on loopback mining a block every second (so
// confirmations advance with nobody sending transactions, like a real chain), the ArtistFactory
// deployed, and the network file written. `busker devnet` and `npm run devnet` both use this.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Wallet } from 'ethers';
import { startAnvil } from './anvilProcess';
import type { AnvilNode } from './anvilProcess';
import type { AnvilAccount } from '../core/wallet/developmentAccounts';
import { deployFactory } from './deploy';
import { acquireDevnetLock } from './devnetLock';
import type { DevnetLock } from './devnetLock';
import type { NetworkDescription, NetworkSeed } from '../protocol/networkDescription';
import type { NetworkFile } from '../protocol/networkFile';
import { networkFileFromDescription, writeNetworkFile } from '../protocol/networkFile';
import { createProvider } from '../protocol/rpcProvider';

export { DevnetAlreadyRunningError } from './devnetLock';

/** A service started once the chain is up (the key server): it is given the network and stopped with it. */
export type DevnetService = (network: NetworkDescription) => Promise<{ url: string; stop(): Promise<void> }>;

/** A seed started once the chain is up: it is named in the network file and stopped with the devnet. */
export type DevnetSeedService = (
  network: NetworkDescription,
) => Promise<{ seed: NetworkSeed; stop(): Promise<void> }>;

export const DEVNET_NAME = 'Busker Devnet';
/** Blocks a tip needs on the devnet, counting its own: its key server is started with this. */
export const DEVNET_CONFIRMATIONS = 2;

export interface DevnetOptions {
  /** Where to write the network file; its lock file is `<networkFile>.lock`. */
  networkFile: string;
  /** Seconds between blocks. Defaults to 1. */
  blockTime?: number;
  /** Defaults to anvil's 31337. */
  chainId?: number;
  /** Started after the factory is deployed; its URL is written as the network file's `keyServer`. */
  keyServer?: DevnetService;
  /** Started after the factory is deployed, before the key server; written as the network's seed. */
  seed?: DevnetSeedService;
}

export interface Devnet {
  network: NetworkFile;
  /** What the network file holds (PROTOCOL.md §6). */
  description: NetworkDescription;
  networkFile: string;
  lockFile: string;
  /** Seconds between blocks. */
  blockTime: number;
  /** Anvil's funded accounts: their keys are public knowledge, for development only. */
  accounts: AnvilAccount[];
  /** Stops the key server and anvil and removes the lock. Safe to call twice. */
  stop(): Promise<void>;
}

const anvilChainId = 31337;

/**
 * Starts a devnet, or throws DevnetAlreadyRunningError when a live one holds the lock for the
 * same network file. On any failure, whatever was started is stopped again.
 */
export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const networkFile = options.networkFile;
  mkdirSync(dirname(networkFile), { recursive: true });
  const lock: DevnetLock = acquireDevnetLock(`${networkFile}.lock`);
  const chainId = options.chainId ?? anvilChainId;
  const blockTime = options.blockTime ?? 1;
  let node: AnvilNode | undefined;
  let keyServer: { url: string; stop(): Promise<void> } | undefined;
  let seed: { stop(): Promise<void> } | undefined;

  const stopAll = async (): Promise<void> => {
    try {
      await keyServer?.stop();
      await seed?.stop();
    } finally {
      try {
        await node?.stop();
      } finally {
        lock.release();
      }
    }
  };

  try {
    node = await startAnvil({ blockTime, chainId });
    lock.update(node.rpcUrl);
    const provider = createProvider(node.rpcUrl, { chainId });
    let description: NetworkDescription;
    try {
      const deployer = node.accounts[0];
      if (!deployer) throw new Error('anvil started without funded accounts.');
      const deployment = await deployFactory(new Wallet(deployer.privateKey, provider));
      description = {
        busker: 1,
        name: DEVNET_NAME,
        chain: {
          chainId,
          rpcUrls: [node.rpcUrl],
          factory: deployment.factory,
          factoryBlock: deployment.blockNumber,
          confirmations: DEVNET_CONFIRMATIONS,
        },
        seeds: [],
        publicIpfs: false,
      };
    } finally {
      provider.destroy();
    }
    if (options.seed) {
      const started = await options.seed(description);
      seed = started;
      description = { ...description, seeds: [started.seed] };
    }
    if (options.keyServer) {
      keyServer = await options.keyServer(description);
      description = { ...description, keyServer: keyServer.url };
    }
    await writeNetworkFile(networkFile, description);
    const network = networkFileFromDescription(description);

    let stopping: Promise<void> | undefined;
    return {
      network,
      description,
      networkFile,
      lockFile: lock.file,
      blockTime,
      accounts: node.accounts,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** What the devnet prints once it is ready. */
export function describeDevnet(devnet: Devnet): string {
  const { network } = devnet;
  const lines = [
    'Busker devnet is ready.',
    '',
    `  RPC           ${network.rpcUrl}`,
    `  Chain id      ${network.chainId}`,
    `  Factory       ${network.factory} (block ${network.factoryBlock ?? 0})`,
    ...(network.keyServer ? [`  Key server    ${network.keyServer}`] : []),
    ...devnet.description.seeds.map(
      (seed) => `  Seed          ${seed.pinning} (${seed.multiaddrs[0] ?? seed.peerId})`,
    ),
    `  Network file  ${devnet.networkFile}`,
    '',
    'Funded development accounts (10,000 ETH each). DEV ONLY: these private keys are public',
    'knowledge; never send real funds to them or use them on a real network.',
    '',
    ...devnet.accounts.map((account, index) => `  (${index}) ${account.address}  key ${account.privateKey}`),
    '',
    `A block is mined every ${devnet.blockTime === 1 ? 'second' : `${devnet.blockTime} seconds`}. Press Ctrl-C to stop.`,
  ];
  return `${lines.join('\n')}\n`;
}
