/**
 * Whether a Kubo-API node holds a whole DAG, without ever letting it fetch from the network.
 * Kubo answers in one call (`files stat --with-local`, with its global
 * `--offline` flag so a missing block is reported, not fetched). js-ipfs ignores both flags and
 * would wait forever for a missing block, so there we list the repo's blocks (`refs local`) and
 * walk the DAG through the ones it has.
 */
import type { KuboRPCClient } from 'kubo-rpc-client';
import { base32 } from 'multiformats/bases/base32';
import { CID } from 'multiformats/cid';
import { holdsWholeDag } from './dagLocality';

export type LocalityCheck = (root: CID, signal?: AbortSignal) => Promise<boolean>;

export function localityCheckFor(client: KuboRPCClient, agentVersion: string): LocalityCheck {
  return /^(kubo|go-ipfs)\//.test(agentVersion) ? askKubo(client) : walkLocalBlocks(client);
}

function askKubo(client: KuboRPCClient): LocalityCheck {
  return async (root, signal) => {
    const options: Parameters<KuboRPCClient['files']['stat']>[1] & { offline: boolean } = {
      withLocal: true,
      offline: true,
      signal,
    };
    let stats: Awaited<ReturnType<KuboRPCClient['files']['stat']>>;
    try {
      stats = await client.files.stat(`/ipfs/${root}`, options);
    } catch (error) {
      // Offline, Kubo reports a missing root as "block was not found locally (offline)".
      if (error instanceof Error && /not found|could not find/i.test(error.message)) return false;
      throw error;
    }
    if (!stats.withLocality) throw new Error('The IPFS node did not say whether it holds the file locally.');
    return stats.local === true;
  };
}

function walkLocalBlocks(client: KuboRPCClient): LocalityCheck {
  return async (root, signal) => {
    const held = new Set<string>();
    for await (const { ref, err } of client.refs.local({ signal })) {
      if (err) throw new Error(`The IPFS node could not list its blocks: ${err.message}`);
      held.add(multihashKey(ref));
    }
    const blocks = {
      has: async (cid: CID) => held.has(base32.encode(cid.multihash.bytes)),
      async *get(cid: CID) {
        yield await client.block.get(cid, { signal });
      },
    };
    return holdsWholeDag(blocks, root, signal);
  };
}

/** Blocks are stored by multihash, so `refs local` may name a dag-pb block with a raw CID. */
function multihashKey(ref: string): string {
  return base32.encode(CID.parse(ref).multihash.bytes);
}
