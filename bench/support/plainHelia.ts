/**
 * A Helia node as Helia itself would have it, for ceilings: the same libp2p setup as Busker's
 * store (TCP, noise, yamux, identify, bitswap, loopback, no discovery) but a plain on-disk
 * blockstore, with none of our wrapper (no cache bookkeeping, no locks, no layout).
 */
import { join } from 'node:path';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { FsBlockstore } from 'blockstore-fs';
import { createHelia } from 'helia';
import {
  bitswapOptions,
  DEFAULT_LISTEN,
  httpOptions,
  libp2pOptions,
  openHeliaDatastore,
} from '../../core/storage/heliaNode';
import type { HeliaNode } from '../../core/storage/heliaNode';

export interface PlainHeliaOptions {
  /** Use Busker's bitswap timings (`bitswapOptions`) rather than Helia's defaults. */
  buskerBitswap?: boolean;
}

export interface PlainHelia {
  helia: HeliaNode;
  stop(): Promise<void>;
}

export async function startPlainHelia(
  directory: string,
  options: PlainHeliaOptions = {},
): Promise<PlainHelia> {
  const blockstore = new FsBlockstore(join(directory, 'blocks'));
  await blockstore.open();
  // Drops the peer-record write libp2p makes after stopping, which would recreate the directory.
  const datastore = await openHeliaDatastore(directory);
  const helia: HeliaNode = createHelia({
    blockstore,
    datastore,
    libp2p: libp2pOptions(await generateKeyPair('Ed25519'), DEFAULT_LISTEN),
    http: httpOptions(),
    bitswap: options.buskerBitswap ? bitswapOptions : {},
  });
  await helia.start();
  return {
    helia,
    async stop() {
      await helia.stop();
      await datastore.close();
    },
  };
}
