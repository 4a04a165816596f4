// Whether a listener's tip is confirmed (PROTOCOL.md §5): `hasAccess` must hold at the block
// `confirmations − 1` below the head, so the tip's own block counts as the first confirmation.
import type { ChainReader } from './chainReader';

export type AccessVerdict =
  | { kind: 'confirmed' }
  /** Access exists only in blocks newer than the confirmation depth. */
  | { kind: 'unconfirmed'; confirmationsNeeded: number }
  | { kind: 'none' };

export interface AccessQuery {
  artist: string;
  trackId: bigint;
  listener: string;
}

export async function checkConfirmedAccess(
  chain: ChainReader,
  query: AccessQuery,
  confirmations: number,
): Promise<AccessVerdict> {
  const { artist, trackId, listener } = query;
  const head = await chain.headBlock();
  const depth = head - (confirmations - 1);
  if (depth >= 0 && (await chain.hasAccess(artist, trackId, listener, depth))) return { kind: 'confirmed' };
  if (depth >= head || !(await chain.hasAccess(artist, trackId, listener, head))) return { kind: 'none' };

  // Access appeared in a block above the depth. The contract never revokes access, so the first
  // block that has it is found by bisection (at most log2(confirmations) reads, on this path only).
  let withoutAccess = Math.max(depth, -1);
  let withAccess = head;
  while (withAccess - withoutAccess > 1) {
    const middle = Math.floor((withoutAccess + withAccess) / 2);
    if (await chain.hasAccess(artist, trackId, listener, middle)) withAccess = middle;
    else withoutAccess = middle;
  }
  const confirmationsSoFar = head - withAccess + 1;
  return { kind: 'unconfirmed', confirmationsNeeded: confirmations - confirmationsSoFar };
}
