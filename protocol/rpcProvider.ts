// The JSON-RPC provider every chain module shares, tuned for where the node runs.
import { JsonRpcProvider, Network } from 'ethers';
import { rpcRequestWithDeadline } from './rpcDeadline';

export interface ProviderOptions {
  /** The chain id, when known (from the network file): the provider then never asks the node for it. */
  chainId?: number;
  /** How often block and transaction waits poll. Defaults to 250 ms on loopback, 4 s elsewhere. */
  pollingIntervalMs?: number;
  /**
   * How long one JSON-RPC call may take, answer included, before it fails with a TIMEOUT error.
   * Defaults to 10 s on loopback, 30 s elsewhere.
   */
  timeoutMs?: number;
}

/** Loopback nodes (anvil) answer in microseconds and mine on demand: poll often, never cache. */
const loopbackTuning = {
  pollingInterval: 250,
  // Identical requests within the window would be served from a cache: on a devnet the head
  // moves (or is reverted) faster than that, and a re-org check must see the node's answer.
  cacheTimeout: -1,
  batchStallTime: 0,
  batchMaxCount: 100,
  // Anvil answers at once even on a busy machine; a node that says nothing for this long is gone.
  timeoutMs: 10_000,
} as const;

/** Public endpoints rate-limit and often cap batch sizes: poll gently, batch small. */
const remoteTuning = {
  pollingInterval: 4000,
  cacheTimeout: 250,
  batchStallTime: 10,
  batchMaxCount: 10,
  timeoutMs: 30_000,
} as const;

/** True when `rpcUrl` points at this machine (127.0.0.0/8, ::1 or localhost). */
export function isLoopbackUrl(rpcUrl: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(rpcUrl).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

/**
 * An ethers provider for `rpcUrl`, every call of which has a deadline. With `chainId`, the network is fixed up front (no
 * `eth_chainId` round trip, ever); without it, the chain id is asked once and then kept.
 */
export function createProvider(rpcUrl: string, options: ProviderOptions = {}): JsonRpcProvider {
  const { timeoutMs, ...tuning } = isLoopbackUrl(rpcUrl) ? loopbackTuning : remoteTuning;
  const network = options.chainId === undefined ? undefined : Network.from(options.chainId);
  return new JsonRpcProvider(rpcRequestWithDeadline(rpcUrl, options.timeoutMs ?? timeoutMs), network, {
    ...tuning,
    pollingInterval: options.pollingIntervalMs ?? tuning.pollingInterval,
    staticNetwork: network ?? true,
  });
}

/**
 * Checks once that the node serves `chainId` (a static network never checks by itself): call it
 * when connecting from a network file, so a wrong file fails here and not at signing time.
 */
export async function assertChainId(provider: JsonRpcProvider, chainId: number): Promise<void> {
  const actual = Number(await provider.send('eth_chainId', []));
  if (actual !== chainId) {
    throw new Error(
      `The node at ${provider._getConnection().url} serves chain ${actual}, not chain ${chainId} as the network ` +
        'file says. Fix the network file or point it at the right node.',
    );
  }
}
