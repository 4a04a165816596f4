/**
 * The CID of some bytes as ipfs-unixfs-importer computes it from Kubo's legacy profile
 * (`unixfs-v0-2015`: 256 KiB chunks, 174 links) switched to CIDv1 and raw leaves: the same
 * layout as `unixfsLayout.ts`, spelled independently of it. Blocks are discarded.
 */
import { importer } from 'ipfs-unixfs-importer';
import type { CID } from 'multiformats/cid';

export async function referenceCid(bytes: Uint8Array): Promise<string> {
  const discard = { put: async (cid: CID) => cid };
  let root: CID | undefined;
  for await (const entry of importer([{ content: bytes }], discard, {
    profile: 'unixfs-v0-2015',
    cidVersion: 1,
    rawLeaves: true,
  })) {
    root = entry.cid;
  }
  if (!root) throw new Error('The importer produced no root.');
  return root.toString();
}
