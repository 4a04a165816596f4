/** What a running node's connection manager was given, read from the node itself. */
import type { HeliaContentStore } from '../heliaContentStore';

/** libp2p's own cap, which a seed keeps (libp2p 3's MAX_CONNECTIONS). */
export const LIBP2P_DEFAULT_MAX_CONNECTIONS = 300;

interface WithConnectionManager {
  components: { connectionManager: { getMaxConnections(): number } };
}

export function maxConnectionsOf(store: HeliaContentStore): number {
  // The Libp2p class holds its components; its public interface does not name them.
  return (
    store.helia.libp2p as unknown as WithConnectionManager
  ).components.connectionManager.getMaxConnections();
}
