// A joined network's node fetches from its seeds' trustless gateways when no connected peer has a
// block, and hashes every block against its CID: a lying gateway is caught and never played.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CID } from 'multiformats/cid';
import { createHeliaContentStore } from './heliaContentStore';
import type { HeliaContentStore, HeliaContentStoreOptions } from './heliaContentStore';
import { readAll, seededBytes } from './testSupport/testBytes';

const MiB = 1024 * 1024;

/** A trustless gateway over `origin`'s blocks; `lie` makes it answer random bytes instead. */
async function startGateway(
  origin: HeliaContentStore,
  lie: boolean,
): Promise<{ url: string; server: Server; served: () => number }> {
  let served = 0;
  const server = createServer((request, response) => {
    const cid = CID.parse(/^\/ipfs\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? '');
    void (async () => {
      if (!(await origin.localBlocks.has(cid))) return response.writeHead(404).end();
      const chunks: Uint8Array[] = [];
      for await (const chunk of origin.localBlocks.get(cid)) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      served += 1;
      response.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' });
      response.end(lie ? seededBytes(bytes.length, `lie ${served}`) : bytes);
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server, served: () => served };
}

describe('fetching from seeds', () => {
  let folder: string;
  let origin: HeliaContentStore;
  let cid: string;
  const bytes = seededBytes(MiB + 123, 'seed fallback');
  const stores: HeliaContentStore[] = [];
  const servers: Server[] = [];
  const listener = async (name: string, options: Partial<HeliaContentStoreOptions>) => {
    const store = await createHeliaContentStore({ directory: join(folder, name), ...options });
    stores.push(store);
    return store;
  };

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'busker-gateway-fallback-'));
    origin = await createHeliaContentStore({ directory: join(folder, 'origin') });
    cid = await origin.add([bytes], { pin: true });
  });
  after(async () => {
    for (const store of stores) await store.close();
    for (const server of servers) server.close();
    await origin.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('a gateway that sends wrong bytes is caught, and the file comes whole from an honest one', async () => {
    const liar = await startGateway(origin, true);
    const honest = await startGateway(origin, false);
    servers.push(liar.server, honest.server);
    const store = await listener('two-gateways', { gateways: [liar.url, honest.url] });
    const received = await readAll(store.read(cid, { signal: AbortSignal.timeout(30_000) }));
    assert.ok(received.equals(bytes), 'every byte is the original');
    assert.ok(honest.served() > 0, 'the honest gateway served blocks');
  });

  test('with only a lying gateway nothing is played: the read fails', async () => {
    const liar = await startGateway(origin, true);
    servers.push(liar.server);
    const store = await listener('liar-only', { gateways: [liar.url] });
    const received: Uint8Array[] = [];
    await assert.rejects(async () => {
      for await (const chunk of store.read(cid, { signal: AbortSignal.timeout(5_000) })) received.push(chunk);
    });
    assert.ok(liar.served() > 0, 'the liar was asked');
    assert.equal(received.length, 0, 'no unverified byte came out');
  });

  test('a seed kept connected serves by bitswap, with no gateway at all', async () => {
    const store = await listener('kept', { keepConnected: origin.listenAddresses() });
    const received = await readAll(
      store.read(cid, { offset: 1000, length: 5000, signal: AbortSignal.timeout(30_000) }),
    );
    assert.ok(received.equals(bytes.subarray(1000, 6000)));
  });
});
