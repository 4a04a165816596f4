/**
 * The content store the app and the CLI open: the embedded Helia node in the data folder by
 * default, or an external Kubo node when `BUSKER_IPFS_API` (or a command's `--ipfs-api`) names
 * its RPC API. Each backend is loaded only when chosen, so one-shot commands load no IPFS stack.
 */
import { join } from 'node:path';
import { AppError } from '../errors';
import type { ContentStore } from '../storage/contentStore';

/** The embedded IPFS node's folder in the data folder. */
export const CONTENT_DIRECTORY_NAME = 'ipfs';
export const IPFS_API_VARIABLE = 'BUSKER_IPFS_API';

export interface AppContentStoreOptions {
  dataDir: string;
  /** A Kubo RPC API (checked with `parseIpfsApiUrl`); the embedded node when absent. */
  ipfsApi?: string;
  /** Multiaddrs the embedded node listens on (default: loopback, a free port). */
  listen?: string[];
}

/** The RPC API's address, checked: http or https on any host. `from` names where it came from. */
export function parseIpfsApiUrl(text: string, from: string = IPFS_API_VARIABLE): string {
  let url: URL | null = null;
  try {
    url = new URL(text.trim());
  } catch {
    // Said below, with what was expected.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new AppError(
      'BAD_REQUEST',
      `${from} must be the http:// or https:// address of a Kubo RPC API, like http://127.0.0.1:5001; got "${text}".`,
    );
  }
  return url.href;
}

/** `$BUSKER_IPFS_API`, checked; undefined when it is unset or empty. */
export function ipfsApiFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[IPFS_API_VARIABLE];
  return value ? parseIpfsApiUrl(value, IPFS_API_VARIABLE) : undefined;
}

export async function openAppContentStore(options: AppContentStoreOptions): Promise<ContentStore> {
  if (options.ipfsApi !== undefined) {
    const url = parseIpfsApiUrl(options.ipfsApi);
    const { createKuboContentStore } = await import('../storage/kuboContentStore');
    return createKuboContentStore({ url });
  }
  const { createHeliaContentStore } = await import('../storage/heliaContentStore');
  return createHeliaContentStore({
    directory: join(options.dataDir, CONTENT_DIRECTORY_NAME),
    ...(options.listen ? { listen: options.listen } : {}),
  });
}
