// What the artist's commands need to talk to a network: the network, a provider checked
// against it, and the signing wallet (core/wallet/commandLineWallet.ts for the CLI).
import { hkdfSync } from 'node:crypto';
import type { JsonRpcProvider } from 'ethers';
import type { Wallet } from 'ethers';
import type { NetworkFile } from '../../protocol/networkFile';
import { assertChainId, createProvider } from '../../protocol/rpcProvider';
import { PublishError } from './publishError';

export interface ArtistSession {
  network: NetworkFile;
  provider: JsonRpcProvider;
  wallet: Wallet;
  close(): void;
}

export async function openArtistSession(network: NetworkFile, signer: Wallet): Promise<ArtistSession> {
  const provider = createProvider(network.rpcUrl, { chainId: network.chainId });
  try {
    await assertChainId(provider, network.chainId).catch((error: unknown) => {
      if (error instanceof Error && /serves chain/.test(error.message)) throw error;
      throw new PublishError(
        'NETWORK_UNAVAILABLE',
        `Busker could not reach the network at ${network.rpcUrl}. Is the node (or \`npm run devnet\`) running?`,
        { cause: error },
      );
    });
  } catch (error) {
    provider.destroy();
    throw error;
  }
  return { network, provider, wallet: signer.connect(provider), close: () => provider.destroy() };
}

/**
 * The key that wraps the headless artist's content keys, derived from the wallet's private key:
 * whoever can publish as this artist can resume its jobs, and no other secret sits on disk.
 * (The app uses a key from `safeStorage` instead.)
 */
export function wrappingKeyFromWallet(wallet: Wallet): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(wallet.privateKey.slice(2), 'hex'),
      Buffer.alloc(0),
      'busker:publish-wrap:v1',
      32,
    ),
  );
}
