/**
 * The DAG walker Busker hands Helia's `pins.add` and `pins.rm`. Helia's default walker reads every
 * block of the DAG to find its links, raw leaves included, so pinning a freshly added 32 MiB track
 * read all 32 MiB back from disk (about half the time of the pin). Raw leaves have no links: this
 * walker reads only the DAG's link nodes and, for a leaf, only asks whether it is held, fetching
 * it (through the same blockstore, so from peers when missing) only when it is not. Pins use
 * nothing of a walked block but its CID, so a leaf's block is yielded without its bytes.
 */
import type { Helia } from 'helia';
import { createUnsafe } from 'multiformats/block';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';

type PinAddOptions = NonNullable<Parameters<Helia['pins']['add']>[1]>;
export type PinWalkerFactory = NonNullable<PinAddOptions['walker']>;
type Components = Parameters<PinWalkerFactory>[0];
type Walker = ReturnType<PinWalkerFactory>;

const NO_BYTES = new Uint8Array(0);

export const leafSkippingWalker: PinWalkerFactory = (components: Components): Walker => ({
  async *walk(root, options = {}) {
    // Depth first, children in link order, as Helia's default walker goes.
    const pending: { cid: CID; depth: number; path: CID[] }[] = [{ cid: root, depth: 0, path: [root] }];
    const maxDepth = options.depth ?? Infinity;
    for (let next = pending.pop(); next; next = pending.pop()) {
      const { cid, depth, path } = next;
      if (cid.code === raw.code && (await components.blockstore.has(cid, options))) {
        yield { block: createUnsafe({ cid, bytes: NO_BYTES, codec: raw }), depth, path };
        continue;
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of components.blockstore.get(cid, options)) chunks.push(chunk);
      const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
      const block = createUnsafe({ cid, bytes, codec: await components.getCodec(cid.code) });
      yield { block, depth, path };
      if (depth >= maxDepth) continue;
      const children = [...block.links()].map(([, child]) => child);
      for (const child of children.reverse()) {
        if (options.includeChild?.(child, block) === false) continue;
        pending.push({ cid: child, depth: depth + 1, path: [...path, child] });
      }
    }
  },
});
