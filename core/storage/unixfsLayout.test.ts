import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as dagPb from '@ipld/dag-pb';
import { CID } from 'multiformats/cid';
import type { ContentStore } from './contentStore';
import { createHeliaContentStore } from './heliaContentStore';
import type { HeliaContentStore } from './heliaContentStore';
import { createKuboContentStore } from './kuboContentStore';
import { startJsIpfsRpcServer } from './testSupport/jsIpfsRpcServer';
import type { RpcServer } from './testSupport/jsIpfsRpcServer';
import { referenceCid } from './testSupport/referenceCid';
import { readAll, seededBytes, unevenChunks } from './testSupport/testBytes';
import { CHUNK_SIZE_BYTES, MAX_LINKS_PER_NODE } from './unixfsLayout';

const fullLevel = MAX_LINKS_PER_NODE * CHUNK_SIZE_BYTES;

describe('UnixFS layout: the same bytes give the same CID on every backend', () => {
  let directory: string;
  let helia: HeliaContentStore;
  let server: RpcServer;
  let kubo: ContentStore;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'busker-layout-'));
    helia = await createHeliaContentStore({ directory });
    server = await startJsIpfsRpcServer();
    kubo = await createKuboContentStore({ url: server.url });
  });
  after(async () => {
    await helia?.close();
    await kubo?.close();
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  const cases: [name: string, size: number][] = [
    ['empty', 0],
    ['one byte', 1],
    ['one full chunk', CHUNK_SIZE_BYTES],
    ['a chunk and a byte', CHUNK_SIZE_BYTES + 1],
    ['about 3 MiB', 3 * 1024 * 1024 + 17],
    ['174 chunks: one full level of links', fullLevel],
    ['175 chunks: a second level of links', fullLevel + 1],
  ];
  for (const [name, size] of cases) {
    it(`${name} (${size} bytes)`, async () => {
      const bytes = seededBytes(size, `layout ${size}`);
      const expected = await referenceCid(bytes);
      assert.equal(await helia.add(unevenChunks(bytes)), expected, 'Helia');
      assert.equal(await kubo.add(unevenChunks(bytes)), expected, 'Kubo RPC (js-ipfs)');
    });
  }

  it('builds a balanced DAG of 174 links per node', async () => {
    const cid = await helia.add([seededBytes(fullLevel + 1, `layout ${fullLevel + 1}`)]);
    const links = async (text: string) => {
      const block = await readAll(helia.helia.blockstore.get(CID.parse(text)));
      return dagPb.decode(block).Links;
    };
    const rootLinks = await links(cid);
    assert.equal(rootLinks.length, 2, 'the root links two inner nodes');
    const [firstInner] = rootLinks;
    assert.ok(firstInner);
    const leaves = await links(firstInner.Hash.toString());
    assert.equal(leaves.length, MAX_LINKS_PER_NODE);
    assert.ok(
      leaves.every((leaf) => leaf.Hash.code === 0x55 && leaf.Tsize === CHUNK_SIZE_BYTES),
      'raw leaves',
    );
  });
});
