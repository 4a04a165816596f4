/**
 * The embedded Helia node: on-disk stores, libp2p over TCP with noise and yamux, identify, and
 * bitswap as the way to fetch blocks. Nothing here reaches beyond the peers it is told about:
 * no public bootstrap list, mDNS, DHT, AutoNAT, UPnP, relay, delegated routing or HTTP gateway.
 */
import { join } from 'node:path';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import type { Identify } from '@libp2p/identify';
import type { PrivateKey } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { FsDatastore } from 'datastore-fs';
import { DEFAULT_TRUSTLESS_GATEWAYS } from '@helia/http';
import type { HTTPOptions } from '@helia/http';
import { createHelia } from 'helia';
import type { Helia } from 'helia';
import type { Libp2p, Libp2pOptions } from 'libp2p';
import { loadOrCreatePeerKey } from './peerIdentity';
import type { TrackedBlockstore } from './trackedBlockstore';

export const DEFAULT_LISTEN = ['/ip4/127.0.0.1/tcp/0'];
export const DATASTORE_DIRECTORY = 'datastore';

export type HeliaNode = Helia & { libp2p: Libp2p<{ identify: Identify }> };

export type ConnectionLimits = NonNullable<Libp2pOptions['connectionManager']>;

/**
 * A player on a desktop or laptop talks to a network's few seeds, an artist now and then, and
 * the seeds fetching what it publishes: libp2p's defaults (300 connections, 100 dials at once)
 * are a server's. Seeds keep those. Each connection holds its buffers and streams, so the cap
 * bounds the player's memory should many peers call at once.
 */
export const desktopConnectionLimits = {
  maxConnections: 64,
  maxParallelDials: 16,
  maxDialQueueLength: 100,
  maxIncomingPendingConnections: 5,
} as const satisfies ConnectionLimits;

/**
 * Every libp2p key Helia's defaults would fill is given here: Helia 7 replaces its defaults key by
 * key, so a key left out would bring back its public bootstrap list, DHT, relay or UPnP. There is
 * no DHT, in client mode or any other: blocks come from the peers named and the seeds' gateways.
 * `connectionLimits` unset: libp2p's own (a seed's).
 */
export function libp2pOptions(
  privateKey: PrivateKey,
  listen: string[],
  announce: string[] = [],
  connectionLimits?: ConnectionLimits,
) {
  return {
    ...(connectionLimits ? { connectionManager: connectionLimits } : {}),
    privateKey,
    // Announced addresses replace the listening ones in what peers are told: a seed on a public
    // address behind a port forward, or on an address libp2p counts as private, says so itself.
    addresses: announce.length > 0 ? { listen, announce } : { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    services: { identify: identify() },
  };
}

/**
 * Where blocks may come from over HTTP. By default nowhere: no delegated routers and no gateways,
 * so Helia's HTTP block broker has nowhere to ask. A joined network names its seeds' trustless
 * gateways (often plain http on test and home networks); Helia hashes every block they send
 * against its CID, so a gateway is never trusted. The public IPFS network (its delegated router
 * and public gateways) only when the network description allows it.
 */
export function httpOptions(gateways: readonly string[] = [], publicIpfs = false): HTTPOptions {
  if (publicIpfs)
    return {
      recursiveGateways: [...gateways, ...DEFAULT_TRUSTLESS_GATEWAYS],
      allowInsecure: true,
      allowLocal: true,
    };
  return { delegatedRouters: [], recursiveGateways: [...gateways], allowInsecure: true, allowLocal: true };
}

/**
 * Bitswap waits 10 ms before sending wants and again before sending blocks, to batch them; a
 * first byte costs two round trips (root, then first leaf), so that is 40 ms of a seek spent
 * waiting. Wants made together (the exporter asks for several leaves at once) still share a message.
 */
export const bitswapOptions = { sendWantlistDebounce: 1, sendBlocksDebounce: 1 };

export interface HeliaNodeInit {
  directory: string;
  blockstore: TrackedBlockstore;
  datastore: ClosingFsDatastore;
  listen: string[];
  /** Addresses told to peers instead of the listening ones; none: the listening ones. */
  announce?: string[];
  /** Peers dialled once at start; a failure is told to `onUnreachable`, never thrown. */
  bootstrap: string[];
  onUnreachable?: (address: string) => void;
  /** Trustless gateways to fall back on (a network's seeds). */
  gateways?: readonly string[];
  /** Whether the public IPFS network may be asked (PROTOCOL §6 `publicIpfs`). */
  publicIpfs?: boolean;
  /** The connection manager's limits; libp2p's own when unset. */
  connectionLimits?: ConnectionLimits;
}

/**
 * libp2p 3 updates its peer record up to a second after it stops (a debounce its address manager
 * never cancels); this datastore drops writes once closed, so that late write cannot recreate a
 * directory the caller has already removed.
 */
export class ClosingFsDatastore extends FsDatastore {
  private closed = false;

  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
  }

  override async put(...args: Parameters<FsDatastore['put']>): ReturnType<FsDatastore['put']> {
    if (this.closed) return args[0];
    return super.put(...args);
  }

  override async delete(...args: Parameters<FsDatastore['delete']>): ReturnType<FsDatastore['delete']> {
    if (!this.closed) await super.delete(...args);
  }
}

export async function openHeliaDatastore(directory: string): Promise<ClosingFsDatastore> {
  const datastore = new ClosingFsDatastore(join(directory, DATASTORE_DIRECTORY));
  await datastore.open();
  return datastore;
}

export async function startHeliaNode(init: HeliaNodeInit): Promise<HeliaNode> {
  const privateKey = await loadOrCreatePeerKey(init.directory);
  const helia: HeliaNode = createHelia({
    blockstore: init.blockstore,
    datastore: init.datastore,
    libp2p: libp2pOptions(privateKey, init.listen, init.announce, init.connectionLimits),
    http: httpOptions(init.gateways, init.publicIpfs),
    bitswap: bitswapOptions,
  });
  await helia.start();
  for (const address of init.bootstrap) {
    helia.libp2p.dial(multiaddr(address)).catch(() => init.onUnreachable?.(address));
  }
  return helia;
}
