/**
 * A real IPFS RPC server for testing the Kubo backend without a Kubo binary: js-ipfs
 * (`ipfs-core`) behind its HTTP API server (`ipfs-http-server`), which answers the same
 * `/api/v0/...` calls as Kubo. It runs offline (no libp2p at all) with an empty bootstrap list, no
 * mDNS and no preload nodes, on a free loopback port, with its repo in a temporary directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'ipfs-core';
import { HttpApi } from 'ipfs-http-server';

export interface RpcServer {
  /** e.g. `http://127.0.0.1:40123`. */
  url: string;
  stop(): Promise<void>;
}

export async function startJsIpfsRpcServer(): Promise<RpcServer> {
  const repo = await mkdtemp(join(tmpdir(), 'busker-js-ipfs-'));
  try {
    const ipfs = await create({
      repo,
      offline: true,
      silent: true,
      preload: { enabled: false },
      init: { emptyRepo: true, algorithm: 'Ed25519' },
      config: {
        Addresses: { API: '/ip4/127.0.0.1/tcp/0', Gateway: '', RPC: '', Swarm: [], Delegates: [] },
        Bootstrap: [],
        Discovery: { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } },
        Routing: { Type: 'none' },
        Pubsub: { Enabled: false },
        Swarm: { DisableNatPortMap: true },
      },
    });
    const api = new HttpApi(ipfs);
    await api.start();
    const { host, port } = api.apiAddr.toOptions();
    return {
      url: `http://${host}:${port}`,
      async stop() {
        await api.stop();
        await ipfs.stop();
        await rm(repo, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(repo, { recursive: true, force: true });
    throw error;
  }
}
