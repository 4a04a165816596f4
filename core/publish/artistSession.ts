// What the artist's commands need to talk to a network: the network file, a provider checked
// against it, and the signing wallet. For now the wallet comes from a private-key file
// (`BUSKER_PRIVATE_KEY_FILE`); the wallet store (core/wallet/) replaces `loadKeyFileWallet`
// when it lands, and the app passes its unlocked wallet straight in.
import { hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JsonRpcProvider } from 'ethers';
import { Wallet } from 'ethers';
import type { NetworkFile } from '../chain/networkFile';
import { readNetworkFile } from '../chain/networkFile';
import { assertChainId, createProvider } from '../chain/provider';
import { PublishError } from './publishError';

export const PRIVATE_KEY_FILE_VARIABLE = 'BUSKER_PRIVATE_KEY_FILE';

export interface ArtistSession {
  network: NetworkFile;
  provider: JsonRpcProvider;
  wallet: Wallet;
  close(): void;
}

/** A wallet from a file holding one 0x-prefixed private key (whitespace around it is fine). */
export async function loadKeyFileWallet(file: string | undefined): Promise<Wallet> {
  if (!file) {
    throw new PublishError(
      'NOT_OWNER',
      `No wallet to sign with. Set ${PRIVATE_KEY_FILE_VARIABLE} to a file holding your 0x private key.`,
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PublishError(
      'UNREADABLE',
      `Busker cannot read the private key file ${file}. Check the path and its permissions.`,
    );
  }
  const key = text.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new PublishError(
      'UNREADABLE',
      `The private key file ${file} does not hold a private key: it should hold 0x and 64 hex digits, nothing else.`,
    );
  }
  return new Wallet(key);
}

export async function openArtistSession(
  networkFile: string,
  privateKeyFile: string | undefined,
): Promise<ArtistSession> {
  const network = await readNetworkFile(networkFile);
  const signer = await loadKeyFileWallet(privateKeyFile);
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
