/**
 * A client of the IPFS Pinning Service API v1 (PROTOCOL §7.2): asks a network's seed (or any
 * pinning service) to keep content, and waits until it does. Behind NAT the seed cannot dial us,
 * so we dial every delegate it names and keep those connections while it fetches over them.
 * Everything the service answers is untrusted and parsed before use.
 */
import { z } from 'zod';
import type { ContentStore } from './contentStore';

export interface PinningEndpoint {
  /** The service's base URL; requests go to `<url>/pins`. */
  url: string;
  /** A bearer token, for services that require one (a seed started with a pinning token). */
  token?: string;
}

/**
 * The pinning endpoints of a network's seeds (PROTOCOL §6), where a publish ends; the network's
 * pinning token, when the user saved one, goes to these endpoints and nowhere else.
 */
export function seedPinningEndpoints(
  seeds: readonly { pinning: string }[] = [],
  token?: string,
): PinningEndpoint[] {
  return seeds.map((seed) => (token === undefined ? { url: seed.pinning } : { url: seed.pinning, token }));
}

export type PinningErrorCode =
  'UNREACHABLE' | 'REFUSED' | 'NEEDS_TOKEN' | 'FAILED' | 'TIMED_OUT' | 'BAD_ANSWER';

export class PinningError extends Error {
  constructor(
    readonly code: PinningErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PinningError';
  }
}

const pinStatusSchema = z.object({
  requestid: z.string().min(1).max(256),
  status: z.enum(['queued', 'pinning', 'pinned', 'failed']),
  delegates: z.array(z.string().max(1024)).max(20).catch([]),
  info: z.record(z.string(), z.unknown()).optional().catch(undefined),
});
export type PinStatus = z.infer<typeof pinStatusSchema>;

const failureSchema = z.object({
  error: z.object({ reason: z.string().max(200), details: z.string().max(2000).optional() }),
});

/** Bounds each request, so a service that accepts and never answers cannot hold a publish. */
const requestTimeoutMs = 15_000;
const maxAnswerBytes = 64 * 1024;

export class PinningServiceClient {
  constructor(private readonly endpoint: PinningEndpoint) {}

  add(pin: { cid: string; name?: string; origins?: string[] }, signal?: AbortSignal): Promise<PinStatus> {
    return this.request('POST', '/pins', { ...pin, origins: pin.origins?.slice(0, 20) }, signal);
  }

  get(requestId: string, signal?: AbortSignal): Promise<PinStatus> {
    return this.request('GET', `/pins/${encodeURIComponent(requestId)}`, undefined, signal);
  }

  private async request(
    method: string,
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<PinStatus> {
    const url = `${this.endpoint.url.replace(/\/+$/, '')}${path}`;
    const where = new URL(url).host;
    const deadline = AbortSignal.timeout(requestTimeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.endpoint.token ? { authorization: `Bearer ${this.endpoint.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = deadline.aborted;
      throw new PinningError(
        timedOut ? 'TIMED_OUT' : 'UNREACHABLE',
        timedOut
          ? `The seed at ${where} did not answer within ${requestTimeoutMs / 1000} seconds.`
          : `The seed at ${where} cannot be reached. Check your connection; Busker tries again.`,
        { cause: error },
      );
    }
    const text = await response.text();
    if (text.length > maxAnswerBytes) {
      throw new PinningError(
        'BAD_ANSWER',
        `The seed at ${where} sent an answer too large to be a pin status.`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status === 401) {
      throw new PinningError(
        'NEEDS_TOKEN',
        this.endpoint.token
          ? `The seed at ${where} did not accept your pinning token; check it in Settings → Network.`
          : `The seed at ${where} needs a pinning token; add it in Settings → Network.`,
      );
    }
    if (!response.ok) {
      const failure = failureSchema.safeParse(json);
      const said = failure.success
        ? `${failure.data.error.reason}: ${failure.data.error.details ?? ''}`.trim()
        : '';
      throw new PinningError(
        response.status === 403 ? 'REFUSED' : 'UNREACHABLE',
        `The seed at ${where} refused to keep the track (${response.status}${said ? `, ${said}` : ''}).`,
      );
    }
    const status = pinStatusSchema.safeParse(json);
    if (!status.success)
      throw new PinningError(
        'BAD_ANSWER',
        `The seed at ${where} answered something that is not a pin status.`,
      );
    return status.data;
  }
}

export interface KeepOnSeedOptions {
  /** Our own addresses, so a seed that can reach us dials us directly. */
  origins: string[];
  signal?: AbortSignal;
  /** How often a pending pin is looked at. */
  pollMs?: number;
}

/**
 * Asks one service to pin each CID and waits until all are pinned. Dials the delegates it names
 * (the spec's NAT case: the service fetches over the connection we opened). Throws
 * `PinningError` when it refuses, fails, or does not finish before `signal` aborts.
 */
export async function keepOnSeed(
  endpoint: PinningEndpoint,
  contentStore: ContentStore,
  pins: { cid: string; name?: string }[],
  options: KeepOnSeedOptions,
): Promise<void> {
  const client = new PinningServiceClient(endpoint);
  const dialed = new Set<string>();
  const dialDelegates = (status: PinStatus): void => {
    for (const delegate of status.delegates) {
      if (dialed.has(delegate) || !/\/p2p\/\w+$/.test(delegate)) continue;
      dialed.add(delegate);
      void contentStore.connectPeer(delegate, { signal: AbortSignal.timeout(10_000) }).catch(() => {});
    }
  };
  const pending = await Promise.all(
    pins.map(async (pin) => {
      const status = await client.add({ ...pin, origins: options.origins }, options.signal);
      dialDelegates(status);
      return status;
    }),
  );
  const pollMs = options.pollMs ?? 500;
  for (let status of pending) {
    while (status.status !== 'pinned') {
      if (status.status === 'failed') {
        const details =
          typeof status.info?.status_details === 'string' ? status.info.status_details.slice(0, 300) : '';
        throw new PinningError(
          'FAILED',
          `The seed could not keep the track${details ? `: ${details}` : '.'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      options.signal?.throwIfAborted();
      status = await client.get(status.requestid, options.signal);
      dialDelegates(status);
    }
  }
}
