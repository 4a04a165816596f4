// Joining a network by its key server's address, against a real devnet (anvil, factory, key
// server) and a real HTTP server on loopback that serves whatever description a test gives it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Wallet } from 'ethers';
import type { NetworkDescription } from '../../protocol/networkDescription';
import { startDevnet } from '../../devnet/devnet';
import type { Devnet } from '../../devnet/devnet';
import { AppError } from '../errors';
import { startDevnetKeyServer } from '../../keyserver/devnetKeyServer';
import { joinNetwork, keyServerAddress, saveJoinedNetwork } from './joinNetwork';
import { readMarketSettings, writeMarketSettings } from './marketSettings';
import { resolveNetwork } from './marketRuntime';

let folder: string;
let devnet: Devnet;
let keyServer: string;
/** What the stand-in server answers; `info` is proxied from the devnet's key server unless set. */
let served: { network?: string | Buffer; networkStatus?: number; info?: unknown } = {};
let standIn: Server;
let standInUrl: string;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'busker-join-network-'));
  devnet = await startDevnet({ networkFile: join(folder, 'network.json'), keyServer: startDevnetKeyServer });
  keyServer = devnet.description.keyServer ?? '';
  standIn = createServer((request, response) => {
    void (async () => {
      if (request.url === '/v1/network') {
        response.writeHead(served.networkStatus ?? 200, { 'content-type': 'application/json' });
        response.end(served.network ?? '');
        return;
      }
      if (request.url === '/v1/info') {
        const info = served.info ?? (await (await fetch(`${keyServer}/v1/info`)).json());
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(info));
        return;
      }
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  const address = standIn.address();
  standInUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  await new Promise((resolve) => standIn?.close(resolve));
  await devnet?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The devnet's own description with `change` applied, served by the stand-in. */
function serve(change: (description: NetworkDescription) => unknown): void {
  const description = structuredClone(devnet.description);
  served = { network: JSON.stringify(change(description) ?? description) };
}

async function refuses(code: AppError['code'], pattern: RegExp, address = standInUrl): Promise<void> {
  await assert.rejects(joinNetwork(address), (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('joining a network', () => {
  test("the devnet's key server address, typed as host:port, finds the devnet; saving makes it the network", async () => {
    const typed = keyServer.replace(/^http:\/\//, '');
    const joined = await joinNetwork(typed);
    assert.equal(joined.name, 'Busker Devnet');
    assert.equal(joined.chainId, devnet.network.chainId);
    assert.equal(joined.factory, devnet.network.factory);
    assert.equal(joined.keyServerUrl, keyServer);
    assert.equal(joined.rpcUrl, devnet.network.rpcUrl);
    assert.equal(joined.seeds, 0);

    const dataDir = join(folder, 'data');
    await writeMarketSettings(dataDir, { network: null, cacheLimitBytes: 12345 });
    await saveJoinedNetwork(dataDir, joined);
    const settings = await readMarketSettings(dataDir);
    assert.equal(settings.cacheLimitBytes, 12345, 'other settings are kept');
    assert.equal(settings.network?.description?.name, 'Busker Devnet');
    const resolved = await resolveNetwork(settings, join(folder, 'no-such-file.json'));
    assert.equal(resolved.source, 'custom');
    assert.equal(resolved.rpcUrl, devnet.network.rpcUrl);
    assert.equal(resolved.factoryBlock, devnet.network.factoryBlock);
  });

  test('the first RPC URL that answers is used', async () => {
    serve((description) => {
      description.chain.rpcUrls = ['http://127.0.0.1:9', devnet.network.rpcUrl];
    });
    const joined = await joinNetwork(standInUrl);
    assert.equal(joined.rpcUrl, devnet.network.rpcUrl);
  });

  test('a description that says another chain than its key server is refused', async () => {
    serve((description) => {
      description.chain.chainId = 1;
    });
    await refuses('NETWORK_INVALID', /says chain 1, but its key server at .* says chain 31337/);
  });

  test('a description that names another factory than its key server is refused', async () => {
    const other = Wallet.createRandom().address;
    serve((description) => {
      description.chain.factory = other;
    });
    await refuses(
      'NETWORK_INVALID',
      new RegExp(`names the factory ${other}, but its key server .* serves the factory`),
    );
  });

  test('a factory without a contract on the chain is refused, even when the key server agrees', async () => {
    const empty = Wallet.createRandom().address;
    serve((description) => {
      description.chain.factory = empty;
    });
    const info = (await (await fetch(`${keyServer}/v1/info`)).json()) as Record<string, unknown>;
    served.info = { ...info, factory: empty };
    await refuses('NETWORK_INVALID', new RegExp(`no contract at ${empty} on chain 31337`));
  });

  test('an RPC node on another chain than the description says is refused', async () => {
    serve((description) => {
      description.chain.chainId = 5;
    });
    const info = (await (await fetch(`${keyServer}/v1/info`)).json()) as Record<string, unknown>;
    served.info = { ...info, chainId: 5 };
    await refuses('NETWORK_INVALID', /is on chain 31337, but the network says chain 5/);
  });

  test('no RPC node answering, or no server at the address, is said in words', async () => {
    serve((description) => {
      description.chain.rpcUrls = ['http://127.0.0.1:9'];
    });
    await refuses('NETWORK_UNREACHABLE', /No Ethereum node answers at http:\/\/127\.0\.0\.1:9/);
    await refuses(
      'NETWORK_UNREACHABLE',
      /No Busker key server answers at http:\/\/127\.0\.0\.1:9\./,
      '127.0.0.1:9',
    );
  });

  test('hostile or missing descriptions are refused, naming the field', async () => {
    serve((description) => ({ ...description, keyServer: 'javascript:alert(1)' }));
    await refuses('NETWORK_INVALID', /cannot be used: "keyServer" must be an http\(s\) URL/);
    serve((description) => ({ ...description, name: 'x'.repeat(10_000) }));
    await refuses('NETWORK_INVALID', /"name" must be at most 80 characters/);
    served = { network: Buffer.alloc(1024 * 1024, 0x20) };
    await refuses('NETWORK_INVALID', /larger than the 64 KiB/);
    served = { network: '<html>hello</html>' };
    await refuses('NETWORK_INVALID', /not valid JSON/);
    served = { network: '{}', networkStatus: 404 };
    await refuses('NETWORK_INVALID', /serves no network description \(HTTP 404\)/);
  });

  test('what a user types is read as a key server address, or refused saying how to type one', () => {
    assert.equal(keyServerAddress(' 127.0.0.1:7401 '), 'http://127.0.0.1:7401');
    assert.equal(keyServerAddress('https://keys.example.org/'), 'https://keys.example.org');
    assert.equal(keyServerAddress('https://example.org/busker/keys?x=1'), 'https://example.org/busker/keys');
    for (const typed of [
      '',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://example.org',
      'http://a:b@c.d',
    ]) {
      assert.throws(
        () => keyServerAddress(typed),
        (error: unknown) =>
          error instanceof AppError && error.code === 'BAD_REQUEST' && /host:port/.test(error.message),
        typed,
      );
    }
  });
});
