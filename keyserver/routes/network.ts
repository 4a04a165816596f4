import type { FastifyInstance } from 'fastify';
import type { NetworkDescription } from '../../protocol/networkDescription';
import { KeyServerError } from '../errors';

/**
 * The network this server belongs to (PROTOCOL.md §6), as it was started with: its network file,
 * with this server's own confirmations and public address, so the description and `/v1/info`
 * never disagree.
 */
export function describeServedNetwork(
  network: NetworkDescription,
  confirmations: number,
  publicUrl: string,
): NetworkDescription {
  return { ...network, chain: { ...network.chain, confirmations }, keyServer: publicUrl };
}

/** `describe` is asked on each request: the public URL may be known only once the server listens. */
export function registerNetworkRoute(
  app: FastifyInstance,
  describe: (() => NetworkDescription) | undefined,
): void {
  app.get('/v1/network', async () => {
    if (!describe) {
      throw new KeyServerError(
        'NOT_FOUND',
        'This key server was started without a network description. Ask its operator for the network file.',
      );
    }
    return describe();
  });
}
