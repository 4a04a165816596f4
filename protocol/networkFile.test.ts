import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  NetworkFileError,
  defaultNetworkFilePath,
  readNetworkDescriptionFile,
  readNetworkFile,
  writeNetworkFile,
} from './networkFile';
import type { NetworkFile } from './networkFile';

let folder: string;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'busker-network-file-'));
});
after(() => rmSync(folder, { recursive: true, force: true }));

const network: NetworkFile = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:8545',
  factory: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  factoryBlock: 1,
};

/** What reading adds to a file that names no seeds: none, and the public IPFS network not asked. */
const noSeeds = { seeds: [], publicIpfs: false };

function isNetworkFileError(code: NetworkFileError['code'], file: string, pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof NetworkFileError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.file, file);
    assert.ok(error.message.includes(file), `the message names the file: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('network file', () => {
  test('round-trips through an atomic write into a folder that did not exist', async () => {
    const file = join(folder, 'nested', 'deeper', 'network.json');
    await writeNetworkFile(file, { ...network, keyServer: 'http://127.0.0.1:7777' });
    assert.deepEqual(await readNetworkFile(file), {
      ...network,
      ...noSeeds,
      keyServer: 'http://127.0.0.1:7777',
    });
    assert.deepEqual(
      readdirSync(join(folder, 'nested', 'deeper')),
      ['network.json'],
      'no temporary file left',
    );
  });

  test("keeps the seeds and publicIpfs of the app's own shape when it is written back", async () => {
    const file = join(folder, 'with-seeds.json');
    const peerId = '12D3KooWGzh2Vtq4Ma3tkNenUGkQ8VGSn3ZaAcgXqGt6pJgBGbyf';
    const seeds = [
      {
        peerId,
        multiaddrs: [`/ip4/198.51.100.10/tcp/4001/p2p/${peerId}`],
        pinning: 'http://198.51.100.10:8080/psa',
        gateway: 'http://198.51.100.10:8080',
      },
    ];
    await writeNetworkFile(file, { ...network, seeds, publicIpfs: true });
    const read = await readNetworkFile(file);
    assert.deepEqual(read.seeds, seeds);
    assert.equal(read.publicIpfs, true);
  });

  test('normalises the factory address to its checksum form', async () => {
    const file = join(folder, 'lowercase.json');
    writeFileSync(file, JSON.stringify({ ...network, factory: network.factory.toLowerCase() }));
    assert.equal((await readNetworkFile(file)).factory, network.factory);
  });

  test('writes the §6 description, and an old file stays readable', async () => {
    const file = join(folder, 'described.json');
    await writeNetworkFile(file, {
      busker: 1,
      name: 'Busker Devnet',
      chain: {
        chainId: 31337,
        rpcUrls: [network.rpcUrl],
        factory: network.factory,
        factoryBlock: 1,
        confirmations: 3,
      },
      keyServer: 'http://127.0.0.1:7777',
    });
    const written = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(written.busker, 1);
    assert.equal(written.name, 'Busker Devnet');
    assert.deepEqual(written.seeds, []);
    assert.equal(written.publicIpfs, false);
    assert.deepEqual(await readNetworkFile(file), {
      ...network,
      ...noSeeds,
      keyServer: 'http://127.0.0.1:7777',
    });
    assert.equal((await readNetworkDescriptionFile(file)).chain.confirmations, 3);

    const old = join(folder, 'old.json');
    writeFileSync(old, JSON.stringify({ chainId: 31337, rpcUrl: network.rpcUrl, factory: network.factory }));
    assert.deepEqual(await readNetworkFile(old), { ...network, ...noSeeds, factoryBlock: 0 });
    assert.equal((await readNetworkDescriptionFile(old)).chain.rpcUrls[0], network.rpcUrl);
  });

  test('a file larger than a description may be is refused unread', async () => {
    const file = join(folder, 'huge.json');
    writeFileSync(file, JSON.stringify({ ...network, padding: 'x'.repeat(2 * 1024 * 1024) }));
    await assert.rejects(readNetworkFile(file), isNetworkFileError('NETWORK_FILE_INVALID', file, /64 KiB/));
  });

  test('a missing file says how to make one', async () => {
    const file = join(folder, 'absent.json');
    await assert.rejects(
      readNetworkFile(file),
      isNetworkFileError('NETWORK_FILE_MISSING', file, /npm run devnet/),
    );
  });

  test('malformed files are refused with the file and the bad field named', async () => {
    const cases: [string, string, RegExp][] = [
      ['not-json.json', '{ "chainId": 31337,', /not valid JSON/],
      ['array.json', '[]', /top level/],
      ['no-factory.json', JSON.stringify({ chainId: 1, rpcUrl: network.rpcUrl }), /"factory"/],
      [
        'bad-factory.json',
        JSON.stringify({ ...network, factory: '0x1234' }),
        /"factory" must be a 0x-prefixed/,
      ],
      ['bad-chain.json', JSON.stringify({ ...network, chainId: -5 }), /"chainId"/],
      [
        'bad-url.json',
        JSON.stringify({ ...network, rpcUrl: 'file:///etc/passwd' }),
        /"rpcUrl" must be an http/,
      ],
      ['bad-key-server.json', JSON.stringify({ ...network, keyServer: 'nope' }), /"keyServer"/],
    ];
    for (const [name, content, pattern] of cases) {
      const file = join(folder, name);
      writeFileSync(file, content);
      await assert.rejects(readNetworkFile(file), isNetworkFileError('NETWORK_FILE_INVALID', file, pattern));
    }
  });

  test('refuses to write an invalid network and keeps the old file', async () => {
    const file = join(folder, 'kept.json');
    await writeNetworkFile(file, network);
    const before = readFileSync(file, 'utf8');
    await assert.rejects(
      writeNetworkFile(file, { ...network, factory: 'not an address' }),
      isNetworkFileError('NETWORK_FILE_INVALID', file, /"factory"/),
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  test('the default path is BUSKER_NETWORK_FILE, else network.json in the data folder', () => {
    const saved = process.env.BUSKER_NETWORK_FILE;
    try {
      delete process.env.BUSKER_NETWORK_FILE;
      assert.equal(defaultNetworkFilePath('/data/busker'), '/data/busker/network.json');
      process.env.BUSKER_NETWORK_FILE = '/elsewhere/net.json';
      assert.equal(defaultNetworkFilePath('/data/busker'), '/elsewhere/net.json');
    } finally {
      if (saved === undefined) delete process.env.BUSKER_NETWORK_FILE;
      else process.env.BUSKER_NETWORK_FILE = saved;
    }
  });
});
