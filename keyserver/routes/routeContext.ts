import type { ChainReader } from '../chainReader';
import type { KeyServerSettings } from '../config';
import { KeyServerError } from '../errors';
import type { KeyVault } from '../keyVault';
import type { KeyServerMetrics } from '../metrics';
import type { AddressRateLimiter } from '../rateLimits';
import type { RequestCrypto } from '../requestCrypto';
import type { TrackRef } from '../store/keyStore';

/** What every route handler is given. */
export interface RouteContext {
  settings: KeyServerSettings;
  vault: KeyVault;
  chain: ChainReader;
  metrics: KeyServerMetrics;
  /** The EIP-712 domain separator of this server's chain and factory. */
  domainSeparator: Uint8Array;
  addressLimiter: AddressRateLimiter;
  crypto: RequestCrypto;
  nowSeconds(): number;
  maxDeadlineSeconds: number;
}

/** A deadline must be in the future and at most `maxDeadlineSeconds` ahead (PROTOCOL.md §5). */
export function checkDeadline(context: RouteContext, deadline: bigint): void {
  const now = BigInt(context.nowSeconds());
  if (deadline <= now) {
    throw new KeyServerError('EXPIRED', 'The request has expired (its deadline has passed). Sign it again.');
  }
  if (deadline > now + BigInt(context.maxDeadlineSeconds)) {
    throw new KeyServerError(
      'BAD_REQUEST',
      `The deadline is too far ahead: at most ${context.maxDeadlineSeconds} s from now.`,
    );
  }
}

/** Records the nonce once the signer is proven, so nobody can use up another signer's nonces. */
export async function consumeNonce(
  context: RouteContext,
  signer: string,
  nonce: string,
  deadline: bigint,
): Promise<void> {
  if (!(await context.vault.store.recordNonce(signer.toLowerCase(), nonce, Number(deadline)))) {
    throw new KeyServerError(
      'NONCE_REUSED',
      'This nonce was used already. Sign a new request with a fresh nonce.',
    );
  }
}

export function trackRef(context: RouteContext, artist: string, trackId: bigint): TrackRef {
  return { chainId: context.settings.chainId, artist: artist.toLowerCase(), trackId: trackId.toString(10) };
}
