/**
 * What the local blockstore holds of a UnixFS DAG, asked of it only (never peers): whether it holds
 * the whole DAG, and which blocks make up the part it holds.
 */
import * as dagPb from '@ipld/dag-pb';
import type { CID } from 'multiformats/cid';
import { base32 } from 'multiformats/bases/base32';
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
  const links = await linksOf(blocks, root);
  const leaves = links.filter((link) => link.Hash.code === raw.code);
  const held = await Promise.all(leaves.map((link) => blocks.has(link.Hash)));
  if (held.includes(false)) return false;
  for (const link of links) {
    if (link.Hash.code !== raw.code && !(await holdsWholeDag(blocks, link.Hash, signal))) return false;
  }
  return true;
}

/**
 * The blocks of the DAGs under `roots` (as `blockKey`s): the inner nodes held locally and every
 * leaf they link to, held or not. Inner nodes not held are skipped, with what is under them.
 */
export async function dagBlockKeys(blocks: LocalBlocks, roots: Iterable<CID>): Promise<Set<string>> {
  const keys = new Set<string>();
  const pending = [...roots];
  for (let cid = pending.pop(); cid; cid = pending.pop()) {
    if (keys.has(blockKey(cid))) continue;
    keys.add(blockKey(cid));
    if (cid.code !== dagPb.code || !(await blocks.has(cid))) continue;
    pending.push(...(await linksOf(blocks, cid)).map((link) => link.Hash));
  }
  return keys;
}

/** Blocks are stored by multihash, so a raw and a dag-pb CID of the same bytes name one block. */
export function blockKey(cid: CID): string {
  return base32.encode(cid.multihash.bytes);
}

async function linksOf(blocks: LocalBlocks, cid: CID): Promise<dagPb.PBLink[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of blocks.get(cid)) chunks.push(chunk);
  return dagPb.decode(Buffer.concat(chunks)).Links;
}
