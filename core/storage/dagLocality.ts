/** Whether a UnixFS DAG is held locally in full, asked of the local blockstore only (never peers). */
import * as dagPb from '@ipld/dag-pb';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';

export interface LocalBlocks {
  has(cid: CID): Promise<boolean>;
  get(cid: CID): AsyncIterable<Uint8Array>;
}

/** Reads the DAG's inner nodes but only checks that its leaves exist, so it costs no leaf reads. */
export async function holdsWholeDag(blocks: LocalBlocks, root: CID, signal?: AbortSignal): Promise<boolean> {
  signal?.throwIfAborted();
  if (!(await blocks.has(root))) return false;
  if (root.code === raw.code) return true;
  if (root.code !== dagPb.code) {
    throw new Error(`${root} is not a UnixFS file: its blocks are neither raw nor dag-pb.`);
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of blocks.get(root)) chunks.push(chunk);
  const links = dagPb.decode(Buffer.concat(chunks)).Links;
  const leaves = links.filter((link) => link.Hash.code === raw.code);
  const held = await Promise.all(leaves.map((link) => blocks.has(link.Hash)));
  if (held.includes(false)) return false;
  for (const link of links) {
    if (link.Hash.code !== raw.code && !(await holdsWholeDag(blocks, link.Hash, signal))) return false;
  }
  return true;
}
