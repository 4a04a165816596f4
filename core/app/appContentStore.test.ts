import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../errors';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import { desktopConnectionLimits } from '../storage/heliaNode';
import { createKuboContentStore } from '../storage/kuboContentStore';
import { LIBP2P_DEFAULT_MAX_CONNECTIONS, maxConnectionsOf } from '../storage/testSupport/connectionLimits';
import type { RpcServer } from '../storage/testSupport/jsIpfsRpcServer';
import { startJsIpfsRpcServer } from '../storage/testSupport/jsIpfsRpcServer';
import { readAll, seededBytes } from '../storage/testSupport/testBytes';
import {
  CONTENT_DIRECTORY_NAME,
  IPFS_API_VARIABLE,
  ipfsApiFromEnvironment,
  openAppContentStore,
  parseIpfsApiUrl,
} from './appContentStore';
import { openBackend } from './openBackend';

const MiB = 1024 * 1024;
const directories: string[] = [];

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'busker-app-content-'));
  directories.push(directory);
  return directory;
}

after(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

function isBadRequest(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'BAD_REQUEST');
    assert.match(error.message, pattern);
    return true;
  };
}

describe('choosing the IPFS backend', () => {
  it('takes an http or https address on any host, and says plainly what else it wants', () => {
    assert.equal(parseIpfsApiUrl('http://127.0.0.1:5001'), 'http://127.0.0.1:5001/');
    assert.equal(parseIpfsApiUrl(' https://ipfs.example.com/api/v0 '), 'https://ipfs.example.com/api/v0');
    assert.equal(parseIpfsApiUrl('http://[::1]:5001'), 'http://[::1]:5001/');
    for (const wrong of [
      '127.0.0.1:5001',
      'localhost:5001',
      'ftp://example.com',
      '/ip4/127.0.0.1/tcp/5001',
      '',
    ]) {
      assert.throws(
        () => parseIpfsApiUrl(wrong, '--ipfs-api'),
        isBadRequest(
          /^--ipfs-api must be the http:\/\/ or https:\/\/ address of a Kubo RPC API, like http:\/\/127\.0\.0\.1:5001; got ".*"\.$/,
        ),
        wrong,
      );
    }
  });

  it('reads BUSKER_IPFS_API, where unset or empty means the embedded node', () => {
    assert.equal(ipfsApiFromEnvironment({}), undefined);
    assert.equal(ipfsApiFromEnvironment({ [IPFS_API_VARIABLE]: '' }), undefined);
    assert.equal(
      ipfsApiFromEnvironment({ [IPFS_API_VARIABLE]: 'http://10.0.0.2:5001' }),
      'http://10.0.0.2:5001/',
    );
    assert.throws(
      () => ipfsApiFromEnvironment({ [IPFS_API_VARIABLE]: 'kubo:5001' }),
      isBadRequest(/^BUSKER_IPFS_API must be the http/),
    );
  });
});

describe("the app's embedded node", () => {
  it("is sized for a desktop, not a seed: libp2p's connection cap lowered", async () => {
    const store = (await openAppContentStore({ dataDir: await temporaryDirectory() })) as HeliaContentStore;
    try {
      assert.equal(maxConnectionsOf(store), desktopConnectionLimits.maxConnections);
      assert.ok(desktopConnectionLimits.maxConnections < LIBP2P_DEFAULT_MAX_CONNECTIONS);
    } finally {
      await store.close();
    }
  });
});

describe('a Kubo node chosen by its RPC API', () => {
  let server: RpcServer;
  before(async () => {
    server = await startJsIpfsRpcServer();
  });
  after(() => server?.stop());

  it('is where the store adds, with no embedded node in the data folder', async () => {
    const dataDir = await temporaryDirectory();
    const store = await openAppContentStore({ dataDir, ipfsApi: server.url });
    const bytes = seededBytes(MiB, 'added through the chosen Kubo node');
    try {
      const cid = await store.add([bytes]);
      const direct = await createKuboContentStore({ url: server.url });
      assert.equal(await direct.has(cid), true, 'the Kubo node holds what the store added');
      assert.ok((await readAll(direct.read(cid))).equals(bytes));
    } finally {
      await store.close();
    }
    assert.equal(existsSync(join(dataDir, CONTENT_DIRECTORY_NAME)), false);
  });

  it('is what the app opens when BUSKER_IPFS_API names it', async () => {
    const dataDir = await temporaryDirectory();
    const direct = await createKuboContentStore({ url: server.url });
    await direct.add([seededBytes(MiB, 'already on the Kubo node')]);
    const previous = process.env[IPFS_API_VARIABLE];
    process.env[IPFS_API_VARIABLE] = server.url;
    let backend;
    try {
      backend = openBackend({
        dataDir,
        host: 'headless',
        market: { networkFile: join(dataDir, 'no-network.json'), syncIntervalMs: 0, onProblem: () => {} },
      });
    } finally {
      if (previous === undefined) delete process.env[IPFS_API_VARIABLE];
      else process.env[IPFS_API_VARIABLE] = previous;
    }
    try {
      // The embedded node would listen on loopback and start with an empty cache.
      assert.deepEqual(await backend.peerAddresses(), direct.listenAddresses());
      const cache = await backend.api.cacheState();
      assert.ok(cache.usedBytes >= MiB, `the cache is the Kubo node's repo (${cache.usedBytes} bytes)`);
      assert.equal(existsSync(join(dataDir, CONTENT_DIRECTORY_NAME)), false);
    } finally {
      await backend.close();
    }
  });

  it('stops the app from starting, in plain words, when BUSKER_IPFS_API is not an address', async () => {
    const dataDir = await temporaryDirectory();
    const previous = process.env[IPFS_API_VARIABLE];
    process.env[IPFS_API_VARIABLE] = 'localhost:5001';
    try {
      assert.throws(
        () => openBackend({ dataDir, host: 'headless', market: { syncIntervalMs: 0 } }),
        isBadRequest(/BUSKER_IPFS_API must be the http:\/\/ or https:\/\/ address of a Kubo RPC API/),
      );
    } finally {
      if (previous === undefined) delete process.env[IPFS_API_VARIABLE];
      else process.env[IPFS_API_VARIABLE] = previous;
    }
  });
});
