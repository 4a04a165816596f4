import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_RPC_URLS,
  MAX_SEEDS,
  NETWORK_DESCRIPTION_MAX_BYTES,
  NetworkDescriptionError,
  parseNetworkDescription,
  parseNetworkDescriptionText,
} from './networkDescription';

const factory = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const peerId = '12D3KooWGzh2Vtq4Ma3tkNenUGkQ8VGSn3ZaAcgXqGt6pJgBGbyf';

function valid(): Record<string, unknown> {
  return {
    busker: 1,
    name: 'Busker Devnet',
    chain: { chainId: 31337, rpcUrls: ['http://127.0.0.1:8545'], factory, factoryBlock: 0, confirmations: 2 },
    keyServer: 'http://127.0.0.1:7401',
    seeds: [
      {
        peerId,
        multiaddrs: [`/ip4/198.51.100.10/tcp/4001/p2p/${peerId}`],
        pinning: 'http://198.51.100.10:8080/psa',
        gateway: 'http://198.51.100.10:8080',
      },
    ],
    publicIpfs: false,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a hostile document may hold anything
type AnyDocument = Record<string, any>;

/** A copy of the valid document with `change` applied to it. */
function hostile(change: (document: AnyDocument) => void): Record<string, unknown> {
  const document = structuredClone(valid()) as AnyDocument;
  change(document);
  return document;
}

function refuses(data: unknown, field: string | undefined, pattern: RegExp) {
  assert.throws(
    () => parseNetworkDescription(data),
    (error: unknown) => {
      assert.ok(error instanceof NetworkDescriptionError, String(error));
      assert.equal(error.code, 'NETWORK_DESCRIPTION_INVALID');
      assert.equal(error.field, field, error.message);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('network description', () => {
  test('the example of PROTOCOL §6 parses, with the factory checksummed and unknown fields dropped', () => {
    const parsed = parseNetworkDescription({
      ...hostile((document) => {
        document.chain.factory = factory.toLowerCase();
        document.chain.gasToken = 'ETH';
      }),
      operator: 'someone',
    });
    assert.equal(parsed.chain.factory, factory);
    assert.equal('operator' in parsed, false);
    assert.equal('gasToken' in parsed.chain, false);
    assert.deepEqual(parsed, valid());
  });

  test('seeds and publicIpfs may be left out: no seeds, no public IPFS', () => {
    const parsed = parseNetworkDescription(
      hostile((document) => {
        delete document.seeds;
        delete document.publicIpfs;
      }),
    );
    assert.deepEqual(parsed.seeds, []);
    assert.equal(parsed.publicIpfs, false);
  });

  test('an old network file is read and converted', () => {
    const parsed = parseNetworkDescription({
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      factory: factory.toLowerCase(),
      keyServer: 'http://127.0.0.1:7401',
    });
    assert.deepEqual(parsed, {
      busker: 1,
      name: 'Chain 31337',
      chain: {
        chainId: 31337,
        rpcUrls: ['http://127.0.0.1:8545'],
        factory,
        factoryBlock: 0,
        confirmations: 2,
      },
      keyServer: 'http://127.0.0.1:7401',
      seeds: [],
      publicIpfs: false,
    });
    refuses({ chainId: 31337, rpcUrl: 'javascript:alert(1)', factory }, 'rpcUrl', /http\(s\) URL/);
  });

  test('wrong types are refused with the field named', () => {
    refuses('a string', undefined, /JSON object/);
    refuses(null, undefined, /JSON object/);
    refuses([valid()], undefined, /JSON object/);
    refuses(
      hostile((d) => (d.busker = 2)),
      'busker',
      /version 1/,
    );
    refuses(
      hostile((d) => delete d.busker),
      'busker',
      /version 1/,
    );
    refuses(
      hostile((d) => (d.chain.chainId = '31337')),
      'chain.chainId',
      /whole number/,
    );
    refuses(
      hostile((d) => (d.chain.chainId = 1.5)),
      'chain.chainId',
      /whole number/,
    );
    refuses(
      hostile((d) => (d.chain.chainId = -1)),
      'chain.chainId',
      /above 0/,
    );
    refuses(
      hostile((d) => (d.chain.chainId = 2 ** 60)),
      'chain.chainId',
      /whole number/,
    );
    refuses(
      hostile((d) => (d.chain.factoryBlock = -1)),
      'chain.factoryBlock',
      /block number/,
    );
    refuses(
      hostile((d) => (d.chain.confirmations = 0)),
      'chain.confirmations',
      /1 to 64/,
    );
    refuses(
      hostile((d) => (d.chain.confirmations = 1000)),
      'chain.confirmations',
      /1 to 64/,
    );
    refuses(
      hostile((d) => (d.chain = 'mainnet')),
      'chain',
      /object with chainId/,
    );
    refuses(
      hostile((d) => (d.publicIpfs = 'yes')),
      'publicIpfs',
      /true or false/,
    );
    refuses(
      hostile((d) => (d.seeds = {})),
      'seeds',
      /list of seeds/,
    );
    refuses(
      hostile((d) => (d.chain.rpcUrls = 'http://127.0.0.1:8545')),
      'chain.rpcUrls',
      /list/,
    );
  });

  test('a factory that is not an address is refused', () => {
    refuses(
      hostile((d) => (d.chain.factory = '0x1234')),
      'chain.factory',
      /20-byte address/,
    );
    refuses(
      hostile((d) => (d.chain.factory = 'vitalik.eth')),
      'chain.factory',
      /20-byte address/,
    );
    refuses(
      hostile((d) => (d.chain.factory = `0x${'ab'.repeat(5000)}`)),
      'chain.factory',
      /20-byte address/,
    );
    // A mixed-case address with a wrong checksum is a typo, not an address.
    refuses(
      hostile((d) => (d.chain.factory = '0x5FBDB2315678afecb367f032d93F642f64180aa3')),
      'chain.factory',
      /20-byte address/,
    );
  });

  test('bad URLs are refused wherever a URL goes', () => {
    const bad = [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://198.51.100.10/',
      'ws://127.0.0.1:8545',
      'http://',
      'not a url',
      '//127.0.0.1:8545',
      `http://example.com/${'a'.repeat(10_000)}`,
      'http://user:secret@127.0.0.1:8545',
      42,
    ];
    for (const url of bad) {
      refuses(
        hostile((d) => (d.chain.rpcUrls = [url])),
        'chain.rpcUrls[0]',
        /URL|user name/,
      );
      refuses(
        hostile((d) => (d.keyServer = url)),
        'keyServer',
        /URL|user name/,
      );
      refuses(
        hostile((d) => (d.seeds[0].pinning = url)),
        'seeds[0].pinning',
        /URL|user name/,
      );
      refuses(
        hostile((d) => (d.seeds[0].gateway = url)),
        'seeds[0].gateway',
        /URL|user name/,
      );
    }
    refuses(
      hostile((d) => (d.chain.rpcUrls = [])),
      'chain.rpcUrls',
      /at least one/,
    );
  });

  test('too many of anything is refused', () => {
    const rpcUrls = Array.from(
      { length: MAX_RPC_URLS + 1 },
      (_, index) => `http://127.0.0.${index + 1}:8545`,
    );
    refuses(
      hostile((d) => (d.chain.rpcUrls = rpcUrls)),
      'chain.rpcUrls',
      new RegExp(`at most ${MAX_RPC_URLS}`),
    );
    refuses(
      hostile((d) => (d.seeds = Array.from({ length: MAX_SEEDS + 1 }, () => d.seeds[0]))),
      'seeds',
      new RegExp(`at most ${MAX_SEEDS}`),
    );
    refuses(
      hostile((d) => (d.seeds[0].multiaddrs = Array.from({ length: 17 }, () => d.seeds[0].multiaddrs[0]))),
      'seeds[0].multiaddrs',
      /at most 16/,
    );
  });

  test('huge or hostile names are refused', () => {
    refuses(
      hostile((d) => (d.name = 'x'.repeat(1024 * 1024))),
      'name',
      /at most 80 characters/,
    );
    refuses(
      hostile((d) => (d.name = '   ')),
      'name',
      /not be empty/,
    );
    refuses(
      hostile((d) => (d.name = 'Busker\nYour wallet is empty')),
      'name',
      /control characters/,
    );
    refuses(
      hostile((d) => (d.name = { text: 'Busker' })),
      'name',
      /text/,
    );
  });

  test('a multiaddr must parse and end in its own seed peer id', () => {
    const otherPeer = '12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK';
    refuses(
      hostile((d) => (d.seeds[0].multiaddrs = [`/ip4/198.51.100.10/tcp/4001/p2p/${otherPeer}`])),
      'seeds[0].multiaddrs[0]',
      new RegExp(`must end in /p2p/${peerId}`),
    );
    refuses(
      hostile((d) => (d.seeds[0].multiaddrs = ['/ip4/198.51.100.10/tcp/4001'])),
      'seeds[0].multiaddrs[0]',
      /must end in \/p2p\//,
    );
    refuses(
      hostile((d) => (d.seeds[0].multiaddrs = [`/ip4/999.1.1.1/tcp/4001/p2p/${peerId}`])),
      'seeds[0].multiaddrs[0]',
      /must be a multiaddr/,
    );
    refuses(
      hostile((d) => (d.seeds[0].multiaddrs = [])),
      'seeds[0].multiaddrs',
      /at least one/,
    );
    refuses(
      hostile((d) => (d.seeds[0].peerId = '../../etc')),
      'seeds[0].peerId',
      /peer id/,
    );
    refuses(
      hostile((d) => (d.seeds[0].peerId = 'Q'.repeat(5000))),
      'seeds[0].peerId',
      /peer id/,
    );
  });

  test('the text form: a 1 MiB document and non-JSON are refused before any field is read', () => {
    assert.deepEqual(parseNetworkDescriptionText(JSON.stringify(valid())), valid());
    const padded = JSON.stringify({ ...valid(), padding: 'x'.repeat(1024 * 1024) });
    assert.throws(
      () => parseNetworkDescriptionText(padded),
      (error: unknown) =>
        error instanceof NetworkDescriptionError &&
        error.code === 'NETWORK_DESCRIPTION_TOO_LARGE' &&
        /64 KiB/.test(error.message),
    );
    // Multi-byte characters count as the bytes they take, not as characters.
    const wide = JSON.stringify({ ...valid(), padding: '€'.repeat(NETWORK_DESCRIPTION_MAX_BYTES / 2) });
    assert.throws(() => parseNetworkDescriptionText(wide), /64 KiB/);
    for (const text of ['', '<html>Not found</html>', '{"busker":1,', 'NaN']) {
      assert.throws(
        () => parseNetworkDescriptionText(text),
        (error: unknown) =>
          error instanceof NetworkDescriptionError &&
          error.code === 'NETWORK_DESCRIPTION_NOT_JSON' &&
          /not valid JSON/.test(error.message),
      );
    }
  });
});
