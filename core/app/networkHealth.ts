/**
 * Whether the network's parts answer this host: the chain (one `eth_blockNumber`) and the key
 * server (`GET /v1/health`, any HTTP answer counts: it is up, whatever it thinks of its own
 * chain), each within a deadline. Checked only when asked, and at most once per `reuseMs`
 * however many pages ask, so polling pages cost the chain one call every few seconds.
 */
import type { NetworkHealth } from '../api/marketApi';
import { AppError } from '../errors';
import { NOT_CONNECTED_MESSAGE, type ResolvedNetwork } from './marketRuntime';

export interface NetworkHealthOptions {
  /** How long each check may take before its part counts as not answering. */
  deadlineMs?: number;
  /** How long one answer is given to every caller before the parts are asked again. */
  reuseMs?: number;
}

const defaultDeadlineMs = 3_000;
const defaultReuseMs = 2_000;

export const networkHealthMessages = {
  connected: 'Network: connected',
  chainDown: "The network's chain is not answering. Busker keeps trying.",
  keyServerDown: 'The key server is not answering. Busker keeps trying.',
} as const;

async function answers(url: string, init: RequestInit, deadlineMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function chainAnswers(rpcUrl: string, deadlineMs: number): Promise<boolean> {
  let body: unknown;
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      signal: AbortSignal.timeout(deadlineMs),
    });
    body = await response.json();
  } catch {
    return false;
  }
  return typeof (body as { result?: unknown } | null)?.result === 'string';
}

function healthUrl(keyServerUrl: string): string {
  return new URL('v1/health', keyServerUrl.endsWith('/') ? keyServerUrl : `${keyServerUrl}/`).href;
}

/** Asks the chain and the key server of `network` once, both at the same time. */
export async function checkNetworkParts(
  network: Pick<ResolvedNetwork, 'rpcUrl' | 'keyServer'>,
  deadlineMs = defaultDeadlineMs,
): Promise<NetworkHealth> {
  const keyServerUrl = network.keyServer;
  const [chain, keyServer] = await Promise.all([
    chainAnswers(network.rpcUrl, deadlineMs),
    // A network without a key server (a bare local chain) has only its chain to ask.
    keyServerUrl === undefined ? true : answers(healthUrl(keyServerUrl), { method: 'GET' }, deadlineMs),
  ]);
  if (!chain) return { state: 'chainDown', message: networkHealthMessages.chainDown };
  if (!keyServer) return { state: 'keyServerDown', message: networkHealthMessages.keyServerDown };
  return { state: 'connected', message: networkHealthMessages.connected };
}

/** The health of whatever network `currentNetwork` resolves to now; 'none' when there is none. */
export function networkHealthCheck(
  currentNetwork: () => Promise<ResolvedNetwork>,
  options: NetworkHealthOptions = {},
): () => Promise<NetworkHealth> {
  const reuseMs = options.reuseMs ?? defaultReuseMs;
  let last: { at: number; answer: Promise<NetworkHealth> } | null = null;
  const check = async (): Promise<NetworkHealth> => {
    let network: ResolvedNetwork;
    try {
      network = await currentNetwork();
    } catch (error) {
      if (error instanceof AppError && error.code === 'NO_NETWORK')
        return { state: 'none', message: NOT_CONNECTED_MESSAGE };
      // A network file that cannot be read: its chain cannot be asked either.
      return {
        state: 'chainDown',
        message: error instanceof AppError ? error.message : networkHealthMessages.chainDown,
      };
    }
    return checkNetworkParts(network, options.deadlineMs);
  };
  return () => {
    if (last !== null && Date.now() - last.at < reuseMs) return last.answer;
    const answer = check();
    const entry = { at: Infinity, answer };
    // Reused while it runs, then for `reuseMs` after it answered.
    void answer.finally(() => (entry.at = Date.now()));
    last = entry;
    return answer;
  };
}
