/**
 * The content store the app and the CLI open: the embedded Helia node in the data folder by
 * default, or an external Kubo node when `BUSKER_IPFS_API` (or a command's `--ipfs-api`) names
 * its RPC API. Each backend is loaded only when chosen, so one-shot commands load no IPFS stack.
 */
import { readFile, writeFile } from 'node:fs/promises';
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
  /** Multiaddrs the embedded node listens on (default: loopback, a free port; all interfaces on a joined network). */
  listen?: string[];
  /** A joined network's seeds: the node stays connected to them and falls back on their gateways. */
  network?: ContentNetwork;
}

/** What the IPFS node needs of a network description (PROTOCOL §6). */
export interface ContentNetwork {
  seeds: readonly { multiaddrs: readonly string[]; gateway?: string }[];
  publicIpfs: boolean;
}

/**
 * The seeds of the network the settings choose, for the node opened at start; none while there is
 * no network or it cannot be read (the market says why). A network joined later is dialled by the
 * market's sync; its gateways serve from the next start.
 */
export async function currentContentNetwork(
  dataDir: string,
  networkFile?: string,
): Promise<ContentNetwork | undefined> {
  const { resolveSavedNetwork } = await import('./marketRuntime');
  try {
    const network = await resolveSavedNetwork(dataDir, { networkFile });
    return { seeds: network.seeds ?? [], publicIpfs: network.publicIpfs ?? false };
  } catch {
    return undefined;
  }
}

/** The port a joined network's node listens on, kept so peers that learned it can come back. */
const LISTEN_PORT_FILE = 'listen-port';

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
  const [{ createHeliaContentStore }, { desktopConnectionLimits }] = await Promise.all([
    import('../storage/heliaContentStore'),
    import('../storage/heliaNode'),
  ]);
  const directory = join(options.dataDir, CONTENT_DIRECTORY_NAME);
  // The player's node, not a seed: sized for a desktop.
  const desktop = { directory, connectionLimits: desktopConnectionLimits };
  const network = options.network;
  if (!network || (network.seeds.length === 0 && !network.publicIpfs)) {
    return createHeliaContentStore({ ...desktop, ...(options.listen ? { listen: options.listen } : {}) });
  }
  const seedOptions = {
    keepConnected: network.seeds.flatMap((seed) => seed.multiaddrs),
    gateways: network.seeds.flatMap((seed) => (seed.gateway ? [seed.gateway] : [])),
    publicIpfs: network.publicIpfs,
  };
  if (options.listen) return createHeliaContentStore({ ...desktop, listen: options.listen, ...seedOptions });
  // A network whose seeds all run on this machine is a development one: its node stays on loopback.
  const local = network.seeds.every((seed) =>
    seed.multiaddrs.every((address) => address.startsWith('/ip4/127.')),
  );
  if (local && !network.publicIpfs) return createHeliaContentStore({ ...desktop, ...seedOptions });
  // All interfaces, on the port used last time (a new one when it is taken), so the artist's own
  // node stays reachable where the network allows it.
  const portFile = join(directory, LISTEN_PORT_FILE);
  const text = (await readFile(portFile, 'utf8').catch(() => '')).trim();
  const remembered = /^\d{1,5}$/.test(text) && Number(text) < 65536 ? Number(text) : 0;
  const open = (port: number) =>
    createHeliaContentStore({ ...desktop, listen: [`/ip4/0.0.0.0/tcp/${port}`], ...seedOptions });
  const store = await open(remembered).catch((error: unknown) => {
    if (remembered === 0) throw error;
    return open(0); // taken by another program since: a new port, remembered from now on
  });
  const bound = Number(/\/tcp\/(\d+)/.exec(store.listenAddresses()[0] ?? '')?.[1] ?? 0);
  if (bound !== remembered && bound > 0) await writeFile(portFile, `${bound}\n`).catch(() => {});
  return store;
}
