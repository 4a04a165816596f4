/**
 * The seed's trustless gateway: raw blocks of held tracks over HTTP (`GET /ipfs/{cid}?format=raw`,
 * keep-alive, CONCURRENCY requests in flight), against the ceiling — reading the very same blocks
 * straight from the seed's blockstore, with the same concurrency, in the same run.
 * Budget (DESIGN.md): the gateway ≥ 0.7 × raw blockstore reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dagPb from '@ipld/dag-pb';
import Fastify from 'fastify';
import { CID } from 'multiformats/cid';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import { registerGatewayRoutes } from '../seed/gatewayRoutes';
import { printTable } from './support/benchReport';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 8);
const TRACK_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 8 * 1024 * 1024);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = 3;

async function blockBytes(store: HeliaContentStore, cid: CID): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.localBlocks.get(cid)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Every block of a file: its root and the leaves under it (two levels are enough for these sizes). */
async function blocksOf(store: HeliaContentStore, root: CID): Promise<CID[]> {
  if (root.code !== dagPb.code) return [root];
  const node = dagPb.decode(await blockBytes(store, root));
  return [root, ...node.Links.map((link) => link.Hash)];
}

async function timed(
  cids: CID[],
  fetchOne: (cid: CID) => Promise<number>,
): Promise<{ seconds: number; bytes: number }> {
  let next = 0;
  let bytes = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cids.length) {
        const cid = cids[next++] as CID;
        bytes += await fetchOne(cid);
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, bytes };
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-seed-gateway-bench-'));
  const store = await createHeliaContentStore({ directory: join(workDir, 'seed') });
  const app = Fastify({ logger: false });
  registerGatewayRoutes(app, store.localBlocks);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const cids: CID[] = [];
    for (let index = 0; index < TRACKS; index += 1) {
      const root = CID.parse(await store.add([seededBytes(TRACK_BYTES, `gateway ${index}`)], { pin: true }));
      cids.push(...(await blocksOf(store, root)));
    }
    console.log(`the seed holds ${TRACKS} tracks of ${TRACK_BYTES} bytes: ${cids.length} blocks`);

    const overGateway = (cid: CID): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: `/ipfs/${cid.toString()}?format=raw`, agent },
          (response) => {
            let length = 0;
            response.on('data', (chunk: Buffer) => (length += chunk.length));
            response.on('end', () =>
              response.statusCode === 200
                ? resolve(length)
                : reject(new Error(`status ${response.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    const fromBlockstore = async (cid: CID): Promise<number> => (await blockBytes(store, cid)).byteLength;

    const rows: (string | number)[][] = [];
    const best = { gateway: 0, raw: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which goes first, so neither always finds the page cache warmer.
      const order = round % 2 === 0 ? (['raw', 'gateway'] as const) : (['gateway', 'raw'] as const);
      for (const which of order) {
        const result = await timed(cids, which === 'gateway' ? overGateway : fromBlockstore);
        const mbPerSecond = result.bytes / result.seconds / 1e6;
        best[which] = Math.max(best[which], mbPerSecond);
        rows.push([
          round + 1,
          which === 'gateway' ? 'seed gateway (HTTP)' : 'raw blockstore reads',
          mbPerSecond,
          (cids.length / result.seconds).toFixed(0),
        ]);
      }
    }
    printTable(
      `Seed gateway vs raw blockstore reads, ${CONCURRENCY} in flight`,
      ['round', 'path', 'MB/s', 'blocks/s'],
      rows,
    );
    const ratio = best.gateway / best.raw;
    console.log(
      `\nbest of ${ROUNDS}: gateway ${best.gateway.toFixed(0)} MB/s, raw ${best.raw.toFixed(0)} MB/s, ratio ${ratio.toFixed(2)} (budget ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'})`,
    );
  } finally {
    agent.destroy();
    await app.close();
    await store.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
