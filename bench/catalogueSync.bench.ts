/**
 * Catalogue sync of 10,000 tracks across 100 artists on a real anvil, spread over ~2,000 blocks:
 * a full sync into a fresh SQLite file (getLogs, decoding, storing) against the raw ceiling, the
 * very same eth_getLogs calls replayed in the same run with no decoding or storing, batched per
 * chunk as the sync sends them and one after the other (the faster of the two is the ceiling).
 * Filling takes a few minutes: anvil slows down as its chain grows (anvil_mine of 2,000 empty
 * blocks takes 3 s on a fresh chain, 25 s at block 8,000), which is why the gaps are short.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet, id, keccak256, parseEther, toQuantity, toUtf8Bytes } from 'ethers';
import { startAnvil } from '../devnet/anvilProcess';
import { CatalogueStore } from '../core/chain/catalogueStore';
import { CatalogueSync } from '../core/chain/catalogueSync';
import { openChainDatabase } from '../core/chain/chainDatabase';
import { artistFactoryInterface, artistInterface } from '../protocol/contracts';
import { deployFactory } from '../devnet/deploy';
import { createProvider } from '../protocol/rpcProvider';
import { recordRpcCalls } from '../core/chain/rpcCallLog';
import type { RpcCall } from '../core/chain/rpcCallLog';
import { printTable } from './support/benchReport';

const ARTISTS = Number(process.env.BENCH_ARTISTS ?? 100);
const TRACKS_PER_ARTIST = Number(process.env.BENCH_TRACKS_PER_ARTIST ?? 100);
/** Empty blocks after each round of publishing, so the catalogue spans many chunks. */
const GAP_BLOCKS = Number(process.env.BENCH_GAP_BLOCKS ?? 19);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const chainId = 31337;

interface RpcRequest {
  method: string;
  params: unknown[];
}

/** One HTTP request carrying many JSON-RPC calls: the fastest way to fill anvil's pool. */
async function rpcBatch(rpcUrl: string, requests: RpcRequest[]): Promise<unknown[]> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(requests.map((request, index) => ({ jsonrpc: '2.0', id: index, ...request }))),
  });
  const replies = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  replies.sort((a, b) => a.id - b.id);
  return replies.map((reply) => {
    if (reply.error) throw new Error(`RPC error: ${reply.error.message}`);
    return reply.result;
  });
}

/** A CID-shaped string (59 characters, like a CIDv1 in base32) that differs per track. */
function fakeCid(label: string): string {
  return `bafybei${keccak256(toUtf8Bytes(label)).slice(2, 54)}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const node = await startAnvil();
  const provider = createProvider(node.rpcUrl, { chainId });
  const workDir = await mkdtemp(join(tmpdir(), 'busker-catalogue-bench-'));
  try {
    const deployer = node.accounts[0];
    if (!deployer) throw new Error('anvil gave no accounts');
    const deployment = await deployFactory(new Wallet(deployer.privateKey, provider));

    // Fill: owners are impersonated (anvil signs nothing), automine is off, blocks mined by hand.
    const fillStart = performance.now();
    const owners = Array.from(
      { length: ARTISTS },
      (_, index) => new Wallet(id(`bench-owner-${index}`)).address,
    );
    await rpcBatch(node.rpcUrl, [
      { method: 'anvil_autoImpersonateAccount', params: [true] },
      { method: 'evm_setAutomine', params: [false] },
      ...owners.map((owner) => ({
        method: 'anvil_setBalance',
        params: [owner, toQuantity(parseEther('100'))],
      })),
    ]);
    const send = (from: string, to: string, data: string, nonce: number): RpcRequest => ({
      method: 'eth_sendTransaction',
      params: [{ from, to, data, nonce: toQuantity(nonce), gas: toQuantity(600_000) }],
    });
    const mineUntilEmpty = async (): Promise<void> => {
      for (;;) {
        await rpcBatch(node.rpcUrl, [{ method: 'evm_mine', params: [] }]);
        const [status] = (await rpcBatch(node.rpcUrl, [{ method: 'txpool_status', params: [] }])) as {
          pending: string;
        }[];
        if (!status || Number(status.pending) === 0) return;
      }
    };

    await rpcBatch(
      node.rpcUrl,
      owners.map((owner, index) =>
        send(
          owner,
          deployment.factory,
          artistFactoryInterface.encodeFunctionData('createArtist', [`Artist ${index}`]),
          0,
        ),
      ),
    );
    await mineUntilEmpty();
    const created = await provider.getLogs({
      address: deployment.factory,
      topics: [artistFactoryInterface.getEvent('ArtistCreated')?.topicHash ?? null],
      fromBlock: deployment.blockNumber,
    });
    const artistOf = new Map<string, string>();
    for (const log of created) {
      const parsed = artistFactoryInterface.parseLog(log);
      if (parsed) artistOf.set(String(parsed.args.getValue('owner')), String(parsed.args.getValue('artist')));
    }
    if (artistOf.size !== ARTISTS) throw new Error(`expected ${ARTISTS} artists, got ${artistOf.size}`);

    for (let round = 0; round < TRACKS_PER_ARTIST; round += 1) {
      await rpcBatch(
        node.rpcUrl,
        owners.map((owner, index) => {
          const label = `${index}-${round}`;
          const data = artistInterface.encodeFunctionData('publishTrack', [
            fakeCid(`meta-${label}`),
            fakeCid(`audio-${label}`),
            id(`content-${label}`),
            id(`key-${label}`),
            1_000_000_000_000_000n + BigInt(round),
          ]);
          return send(owner, artistOf.get(owner) ?? '', data, round + 1);
        }),
      );
      await mineUntilEmpty();
      if (GAP_BLOCKS > 0)
        await rpcBatch(node.rpcUrl, [{ method: 'anvil_mine', params: [toQuantity(GAP_BLOCKS)] }]);
    }
    const head = await provider.getBlockNumber();
    const fillMs = performance.now() - fillStart;
    const expectedTracks = ARTISTS * TRACKS_PER_ARTIST;

    // Ours: a full sync from a fresh database, recording the eth_getLogs calls it makes.
    const syncMs: number[] = [];
    let getLogsCalls: RpcCall[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const db = openChainDatabase(join(workDir, `catalogue-${run}.sqlite`));
      const store = new CatalogueStore(db);
      const sync = new CatalogueSync({
        provider,
        store,
        chainId,
        factory: deployment.factory,
        startBlock: deployment.blockNumber,
        confirmations: 0,
      });
      const calls = await recordRpcCalls(provider);
      const start = performance.now();
      const report = await sync.sync();
      syncMs.push(performance.now() - start);
      calls.stop();
      getLogsCalls = calls.of('eth_getLogs');
      if (report.tracksAdded !== expectedTracks || store.countTracks() !== expectedTracks) {
        throw new Error(`synced ${report.tracksAdded} tracks, expected ${expectedTracks}`);
      }
      db.close();
    }

    // The ceiling: the same eth_getLogs calls, results parsed as JSON only, sent one after the
    // other and grouped by chunk as the sync sends them; whichever is faster in this run counts.
    const replay = async (grouped: boolean): Promise<{ ms: number; logs: number }> => {
      const groups = new Map<string, RpcCall[]>();
      for (const call of getLogsCalls) {
        const key = grouped
          ? String((call.params[0] as { fromBlock: string }).fromBlock)
          : String(groups.size);
        groups.set(key, [...(groups.get(key) ?? []), call]);
      }
      let logs = 0;
      const start = performance.now();
      for (const group of groups.values()) {
        const results = await Promise.all(group.map((call) => provider.send('eth_getLogs', call.params)));
        for (const result of results) logs += (result as unknown[]).length;
      }
      return { ms: performance.now() - start, logs };
    };
    const sequentialMs: number[] = [];
    const batchedMs: number[] = [];
    let rawLogs = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const sequential = await replay(false);
      sequentialMs.push(sequential.ms);
      rawLogs = sequential.logs;
      batchedMs.push((await replay(true)).ms);
    }

    const ours = median(syncMs);
    const sequential = median(sequentialMs);
    const batched = median(batchedMs);
    const ceiling = Math.min(sequential, batched);
    console.log(
      `\n${ARTISTS} artists, ${expectedTracks} tracks over blocks ${deployment.blockNumber}..${head}; ` +
        `filled in ${(fillMs / 1000).toFixed(1)} s; ${getLogsCalls.length} eth_getLogs calls (${rawLogs} logs); ` +
        `median of ${RUNS} runs`,
    );
    printTable(
      'Catalogue sync vs. the raw eth_getLogs ceiling',
      ['what', 'ms', 'tracks/s', 'ratio to ceiling'],
      [
        ['catalogue sync (getLogs + decode + SQLite)', ours, (expectedTracks / ours) * 1000, ceiling / ours],
        ['raw eth_getLogs, batched per chunk', batched, (expectedTracks / batched) * 1000, ceiling / batched],
        [
          'raw eth_getLogs, one after the other',
          sequential,
          (expectedTracks / sequential) * 1000,
          ceiling / sequential,
        ],
      ],
    );
  } finally {
    provider.destroy();
    await node.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
