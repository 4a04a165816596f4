/**
 * The seed's trustless gateway: raw blocks of held tracks over HTTP (`GET /ipfs/{cid}?format=raw`)
 * against the ceiling — reading the very same blocks straight from the seed's blockstore, with the
 * same concurrency, in the same round.
 *  - The gateway is the seed's own HTTP server (createSeedHttp: caps, timeouts, rate limits) with
 *    its gateway routes, so every hook a real request meets is on the measured path.
 *  - The client stands for a listener's node: keep-alive connections, CONCURRENCY requests in
 *    flight (the unixfs exporter asks for a node's leaves at once: 32 for an 8 MiB track). It runs
 *    on a thread of its own, as it would on its own machine, and counts bodies without keeping them.
 *  - Both sides fetch the whole set of blocks PASSES times per round (after one untimed pass each,
 *    so both find the page cache warm); rounds alternate which side goes first.
 * CPU µs/block is the whole process's (the client thread included): it moves far less than the
 * rates when other work loads the machine.
 * The verdict is the median over rounds of each round's gateway/raw ratio, with the load average
 * before and after: the machine is shared, so run it a few times and take the median.
 * Budget (DESIGN.md): the gateway ≥ 0.7 × raw blockstore reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dagPb from '@ipld/dag-pb';
import { CID } from 'multiformats/cid';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import { registerGatewayRoutes } from '../seed/gatewayRoutes';
import { createSeedHttp } from '../seed/seedHttp';
import { defaultSeedSettings } from '../seed/seedServer';
import { percentile, printTable } from './support/benchReport';
import { plainGet } from './support/keepAliveClient';
import { LoadThread } from './support/loadThread';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 8);
const TRACK_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 8 * 1024 * 1024);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Times each side reads the whole set in a round: long enough that scheduling on a busy machine averages out. */
const PASSES = Number(process.env.BENCH_PASSES ?? 8);

async function blockBytes(store: HeliaContentStore, cid: CID): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.localBlocks.get(cid)) chunks.push(chunk);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** Every block of a file: its root and the leaves under it (two levels are enough for these sizes). */
async function blocksOf(store: HeliaContentStore, root: CID): Promise<CID[]> {
  if (root.code !== dagPb.code) return [root];
  const node = dagPb.decode(await blockBytes(store, root));
  return [root, ...node.Links.map((link) => link.Hash)];
}

/** Reads every block from the blockstore, CONCURRENCY at a time; blocks per second. */
async function rawReads(store: HeliaContentStore, cids: readonly CID[]): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < cids.length; index = next++) {
        await blockBytes(store, cids[index] as CID);
      }
    }),
  );
  return cids.length / ((performance.now() - start) / 1000);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const loadBefore = load();
  const workDir = await mkdtemp(join(tmpdir(), 'busker-seed-gateway-bench-'));
  const store = await createHeliaContentStore({ directory: join(workDir, 'seed') });
  const app = await createSeedHttp(defaultSeedSettings, (message) => console.error(message));
  registerGatewayRoutes(app, store.localBlocks);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  const client = new LoadThread();
  try {
    const held: CID[] = [];
    for (let index = 0; index < TRACKS; index += 1) {
      const root = CID.parse(await store.add([seededBytes(TRACK_BYTES, `gateway ${index}`)], { pin: true }));
      held.push(...(await blocksOf(store, root)));
    }
    let heldBytes = 0;
    for (const cid of held) heldBytes += (await blockBytes(store, cid)).byteLength;
    console.log(
      `the seed holds ${TRACKS} tracks of ${TRACK_BYTES} bytes: ${held.length} blocks, ${heldBytes} bytes`,
    );
    const cids = Array.from({ length: PASSES }, () => held).flat();
    const totalBytes = heldBytes * PASSES;

    // Each connection's first request (untimed: it waits for the connection) is a root, then
    // every block once.
    const openers = Array.from({ length: CONCURRENCY }, (_, index) => cids[index % cids.length] as CID);
    const requests = [...openers, ...cids].map((cid) => plainGet(url, `/ipfs/${cid.toString()}?format=raw`));
    const overGateway = async (): Promise<number> => {
      const result = await client.run(url, requests, CONCURRENCY);
      if (result.failures > 0) throw new Error(`${result.failures} gateway requests failed`);
      return result.rate;
    };
    await overGateway();
    await rawReads(store, held);

    const rows: (string | number)[][] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const rate = { raw: 0, gateway: 0 };
      for (const which of round % 2 === 0 ? (['raw', 'gateway'] as const) : (['gateway', 'raw'] as const)) {
        const cpuBefore = process.cpuUsage();
        rate[which] = which === 'raw' ? await rawReads(store, cids) : await overGateway();
        const cpu = process.cpuUsage(cpuBefore);
        const megabytes = (rate[which] * totalBytes) / cids.length / 1e6;
        const cpuPerBlock = (cpu.user + cpu.system) / cids.length;
        rows.push([
          round + 1,
          which === 'gateway' ? 'seed gateway (HTTP)' : 'raw blockstore reads',
          megabytes,
          rate[which],
          cpuPerBlock,
        ]);
      }
      ratios.push(rate.gateway / rate.raw);
    }
    printTable(
      `Seed gateway vs raw blockstore reads, ${CONCURRENCY} in flight, ${PASSES} × ${held.length} blocks a round`,
      ['round', 'path', 'MB/s', 'blocks/s', 'CPU µs/block'],
      rows,
    );
    const ratio = percentile(
      ratios.toSorted((a, b) => a - b),
      0.5,
    );
    console.log(`\nratios by round: ${ratios.map((value) => value.toFixed(2)).join(' ')}`);
    console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
    console.log(
      `median gateway/raw ratio: ${ratio.toFixed(2)} (budget ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await client.close();
    await app.close();
    await store.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
