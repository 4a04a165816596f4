/**
 * Dials the IPFS peers the host was told about (`--peer`, an artist's node) and the network's
 * seeds, from the background sync pass. A peer that cannot be reached is a problem of that peer
 * only: it is named in the log once when it goes down and once when it answers again, and never
 * fails the pass (the chain and the catalogue go on without it).
 */
import type { ContentStore } from '../storage/contentStore';

const dialDeadlineMs = 5_000;

type Role = 'peer' | 'seed';

const unreachable = (role: Role, address: string) =>
  `The ${role} at ${address} cannot be reached; content it holds may be slow to play. Busker keeps dialling it.`;
const reachedAgain = (role: Role, address: string) => `The ${role} at ${address} can be reached again.`;

export function createPeerDials(report: (message: string) => void) {
  /** Peers given to the host, once reached: not dialled again (the node keeps the connection). */
  const reached = new Set<string>();
  /** Addresses whose last dial failed: reported once until one succeeds. */
  const down = new Set<string>();

  const dial = async (content: Pick<ContentStore, 'connectPeer'>, role: Role, address: string) => {
    try {
      await content.connectPeer(address, { signal: AbortSignal.timeout(dialDeadlineMs) });
    } catch {
      if (!down.has(address)) report(unreachable(role, address));
      down.add(address);
      return false;
    }
    if (down.delete(address)) report(reachedAgain(role, address));
    return true;
  };

  return {
    /**
     * Waits for each given peer not reached yet (what it holds is fetched right after); the
     * seeds are dialled every pass without waiting, so a dropped connection comes back and a
     * seed that is down holds up nothing.
     */
    async dial(
      content: Pick<ContentStore, 'connectPeer'>,
      peers: readonly string[],
      seeds: readonly { multiaddrs: readonly string[] }[],
    ): Promise<void> {
      for (const peer of peers) {
        if (!reached.has(peer) && (await dial(content, 'peer', peer))) reached.add(peer);
      }
      for (const address of seeds.flatMap((seed) => seed.multiaddrs)) void dial(content, 'seed', address);
    },
  };
}
