// The seed's HTTP server with its gateway, without a chain: the block reads on its hot path serve
// whole blocks, and the refusals and limits around them still hold.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import * as dagPb from '@ipld/dag-pb';
import { CID } from 'multiformats/cid';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import { registerGatewayRoutes } from './gatewayRoutes';
import { createSeedHttp } from './seedHttp';

const GATEWAY_LIMIT = 12;

describe('the seed gateway over the seed HTTP server', () => {
  let folder: string;
  let store: HeliaContentStore;
  let app: FastifyInstance;
  let root: CID;
  const logged: string[] = [];

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'busker-seed-http-'));
    store = await createHeliaContentStore({ directory: join(folder, 'seed') });
    root = CID.parse(await store.add([seededBytes(600 * 1024, 'held track')], { pin: true }));
    app = await createSeedHttp(
      { pinRequestsPerMinute: 5, gatewayRequestsPerMinute: GATEWAY_LIMIT },
      (message) => logged.push(message),
    );
    registerGatewayRoutes(app, store.localBlocks);
  });
  after(async () => {
    await app.close();
    await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  const get = (url: string, ip = '10.0.0.1') => app.inject({ method: 'GET', url, remoteAddress: ip });

  test('answers every block of a held track whole, hashing to its CID', async () => {
    const rootResponse = await get(`/ipfs/${root.toString()}?format=raw`);
    assert.equal(rootResponse.statusCode, 200);
    const leaves = dagPb.decode(rootResponse.rawPayload).Links.map((link) => link.Hash);
    assert.equal(leaves.length, 3, '600 KiB is three 256 KiB leaves');
    for (const cid of leaves) {
      const response = await get(`/ipfs/${cid.toString()}?format=raw`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-length'], String(response.rawPayload.byteLength));
      const digest = createHash('sha256').update(response.rawPayload).digest();
      assert.deepEqual(digest, Buffer.from(cid.multihash.digest));
    }
  });

  test('refuses what it does not hold, what is not a CID, and an overlong one, in the API shape', async () => {
    const unknown = CID.parse('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
    const missing = await get(`/ipfs/${unknown.toString()}?format=raw`, '10.0.0.2');
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.json() as { error: { reason: string } }).error.reason, 'NOT_FOUND');
    assert.equal((await get('/ipfs/not-a-cid?format=raw', '10.0.0.2')).statusCode, 400);
    // Refused by the router's parameter cap before any parsing.
    assert.equal((await get(`/ipfs/b${'a'.repeat(300)}?format=raw`, '10.0.0.2')).statusCode, 414);
    assert.equal((await get(`/ipfs/${root.toString()}`, '10.0.0.2')).statusCode, 406);
    assert.deepEqual(logged, [], 'refusals are answers, not failures');
  });

  test('limits gateway requests per address, and one address at its limit leaves others served', async () => {
    const statuses: number[] = [];
    for (let index = 0; index <= GATEWAY_LIMIT; index += 1)
      statuses.push((await get(`/ipfs/${root.toString()}?format=raw`, '10.0.0.3')).statusCode);
    assert.deepEqual(statuses.slice(0, GATEWAY_LIMIT), Array<number>(GATEWAY_LIMIT).fill(200));
    const limited = await get(`/ipfs/${root.toString()}?format=raw`, '10.0.0.3');
    assert.equal(limited.statusCode, 429);
    assert.equal((limited.json() as { error: { reason: string } }).error.reason, 'RATE_LIMITED');
    assert.equal((await get(`/ipfs/${root.toString()}?format=raw`, '10.0.0.4')).statusCode, 200);
  });
});
