/**
 * The one way Busker turns a file's bytes into a UnixFS DAG, so the same bytes get the same CID
 * whichever backend adds them. It is Kubo's `ipfs add --cid-version=1 --raw-leaves
 * --chunker=size-262144` (balanced layout, 174 links per node, sha2-256): Helia's own defaults
 * (1 MiB chunks, 1024 links) would give other CIDs for every file over 256 KiB.
 */
import type { AddFileOptions } from '@helia/unixfs';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';

export const CHUNK_SIZE_BYTES = 262_144;
export const MAX_LINKS_PER_NODE = 174;

/** Importer options for `@helia/unixfs` (`addByteStream`) and `ipfs-unixfs-importer`. */
export function heliaImportOptions(): Pick<
  AddFileOptions,
  'cidVersion' | 'rawLeaves' | 'reduceSingleLeafToSelf' | 'chunker' | 'layout'
> {
  return {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE_BYTES }),
    layout: balanced({ maxChildrenPerNode: MAX_LINKS_PER_NODE }),
  };
}

/** The same parameters as the Kubo RPC `add` arguments (balanced is Kubo's layout unless `trickle`). */
export const kuboAddOptions = {
  cidVersion: 1,
  rawLeaves: true,
  chunker: `size-${CHUNK_SIZE_BYTES}`,
  trickle: false,
  hashAlg: 'sha2-256',
} as const;
