// Records the JSON-RPC requests a provider sends (from its `debug` events), for tests and benchmarks
// that must show which calls were made, e.g. that a resumed sync did not start from block 0.
import type { JsonRpcProvider } from 'ethers';

export interface RpcCall {
  method: string;
  params: unknown[];
}

export interface RpcCallLog {
  calls: RpcCall[];
  /** The calls of one method, in order. */
  of(method: string): RpcCall[];
  clear(): void;
  stop(): void;
}

interface DebugEvent {
  action: string;
  payload?: unknown;
}

function isRpcCall(value: unknown): value is RpcCall {
  return typeof value === 'object' && value !== null && typeof (value as RpcCall).method === 'string';
}

/** Starts recording; resolves once the provider delivers its events (ethers subscribes asynchronously). */
export async function recordRpcCalls(provider: JsonRpcProvider): Promise<RpcCallLog> {
  const calls: RpcCall[] = [];
  const listener = (event: DebugEvent): void => {
    if (event.action !== 'sendRpcPayload') return;
    const payloads = Array.isArray(event.payload) ? event.payload : [event.payload];
    for (const payload of payloads) {
      if (isRpcCall(payload)) calls.push({ method: payload.method, params: payload.params ?? [] });
    }
  };
  await provider.on('debug', listener);
  return {
    calls,
    of: (method) => calls.filter((call) => call.method === method),
    clear: () => void calls.splice(0),
    stop: () => void provider.off('debug', listener),
  };
}
