// Rate limits. Per IP: @fastify/rate-limit, before the body is even read. Per address: here, after
// the signature has proved who is asking, so nobody can use up someone else's allowance.
// Both count per instance: behind a load balancer each instance allows its own share.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { KeyServerError } from './errors';

export interface RateLimitSettings {
  /** Requests per window from one IP address, over every route but health and metrics. */
  perIp: number;
  /** Signed requests per window from one Ethereum address (listener or artist owner). */
  perAddress: number;
  windowMs: number;
}

export async function registerIpRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  await app.register(rateLimit, {
    max: settings.perIp,
    timeWindow: settings.windowMs,
    keyGenerator: (request: FastifyRequest) => request.ip,
    errorResponseBuilder: (_request, context) =>
      new KeyServerError(
        'RATE_LIMITED',
        `Too many requests from this address: at most ${context.max} per ${describeWindow(settings.windowMs)}. ` +
          `Try again in ${context.after}.`,
      ),
  });
}

/** A fixed-window counter per address, held in memory; old windows are dropped as they expire. */
export class AddressRateLimiter {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request from `address`; throws 429 RATE_LIMITED once the allowance is spent. */
  take(address: string): void {
    const now = this.now();
    this.sweep(now);
    const key = address.toLowerCase();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + this.settings.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > this.settings.perAddress) {
      const seconds = Math.max(1, Math.ceil((window.resetsAt - now) / 1000));
      throw new KeyServerError(
        'RATE_LIMITED',
        `Too many requests signed by ${address}: at most ${this.settings.perAddress} per ` +
          `${describeWindow(this.settings.windowMs)}. Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
      );
    }
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.settings.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}

function describeWindow(windowMs: number): string {
  return windowMs % 60_000 === 0 ? `${windowMs / 60_000} min` : `${windowMs / 1000} s`;
}
