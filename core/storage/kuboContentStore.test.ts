import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKuboContentStore } from './kuboContentStore';
import { describeContentStoreContract } from './testSupport/contentStoreContract';
import { startJsIpfsRpcServer } from './testSupport/jsIpfsRpcServer';

describeContentStoreContract('Kubo RPC (served by js-ipfs)', async () => {
  const server = await startJsIpfsRpcServer();
  const store = await createKuboContentStore({ url: server.url });
  return {
    store,
    async dispose() {
      await store.close();
      await server.stop();
    },
  };
});

describe('Kubo content store', () => {
  it('says plainly when no node answers at the URL', async () => {
    await assert.rejects(
      createKuboContentStore({ url: 'http://127.0.0.1:9' }),
      /Cannot reach the IPFS node at http:\/\/127\.0\.0\.1:9: is Kubo running there\?/,
    );
  });
});
