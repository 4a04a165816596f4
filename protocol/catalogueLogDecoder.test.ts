import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { getAddress, zeroPadValue } from 'ethers';
import { catalogueTopics } from './catalogueEvents';
import { decodeArtistCreated, decodeArtistLog, isRawLog } from './catalogueLogDecoder';
import type { RawLog } from './catalogueLogDecoder';
import { artistFactoryInterface, artistInterface } from './contracts';

function rawLog(encoded: { data: string; topics: readonly string[] }): RawLog {
  return {
    address: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    topics: [...encoded.topics],
    data: encoded.data,
    blockNumber: '0x1',
    blockHash: `0x${'ab'.repeat(32)}`,
    logIndex: '0x0',
  };
}

const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const bytes32 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes).toString('hex')}`);
const address = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => getAddress(`0x${Buffer.from(bytes).toString('hex')}`));
const text = fc.string({ unit: 'binary', maxLength: 200 });

describe('catalogue log decoder', () => {
  test('decodes TrackPublished exactly as ethers does', () => {
    fc.assert(
      fc.property(
        uint256,
        text,
        text,
        bytes32,
        bytes32,
        uint256,
        (trackId, metadataCid, audioCid, contentHash, keyCommitment, price) => {
          const fragment = artistInterface.getEvent('TrackPublished');
          assert.ok(fragment);
          const log = rawLog(
            artistInterface.encodeEventLog(fragment, [
              trackId,
              metadataCid,
              audioCid,
              contentHash,
              keyCommitment,
              price,
            ]),
          );
          const parsed = artistInterface.parseLog(log);
          assert.deepEqual(decodeArtistLog(log), {
            kind: 'published',
            trackId: parsed?.args.getValue('trackId'),
            metadataCid: parsed?.args.getValue('metadataCid'),
            audioCid: parsed?.args.getValue('audioCid'),
            contentHash: parsed?.args.getValue('contentHash'),
            keyCommitment: parsed?.args.getValue('keyCommitment'),
            price: parsed?.args.getValue('price'),
          });
        },
      ),
    );
  });

  test('decodes PriceChanged, Retired and ArtistCreated exactly as ethers does', () => {
    fc.assert(
      fc.property(uint256, uint256, address, address, text, (trackId, price, owner, artist, name) => {
        const priceChanged = artistInterface.getEvent('PriceChanged');
        const retired = artistInterface.getEvent('Retired');
        const created = artistFactoryInterface.getEvent('ArtistCreated');
        assert.ok(priceChanged && retired && created);
        assert.deepEqual(
          decodeArtistLog(rawLog(artistInterface.encodeEventLog(priceChanged, [trackId, price]))),
          {
            kind: 'priceChanged',
            trackId,
            price,
          },
        );
        assert.deepEqual(decodeArtistLog(rawLog(artistInterface.encodeEventLog(retired, [trackId]))), {
          kind: 'retired',
          trackId,
        });
        assert.deepEqual(
          decodeArtistCreated(rawLog(artistFactoryInterface.encodeEventLog(created, [owner, artist, name]))),
          { owner, artist, name },
        );
      }),
    );
  });

  test('any corruption of a log gives undefined, never a throw or a wrong value', () => {
    const fragment = artistInterface.getEvent('TrackPublished');
    assert.ok(fragment);
    const good = rawLog(
      artistInterface.encodeEventLog(fragment, [
        1n,
        'bafymeta',
        'bafyaudio',
        `0x${'11'.repeat(32)}`,
        `0x${'22'.repeat(32)}`,
        5n,
      ]),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: good.data.length - 3 }),
        fc.constantFrom(...'0123456789abcdef'),
        (position, digit) => {
          const data = good.data.slice(0, 2 + position) + digit + good.data.slice(3 + position);
          const decoded = decodeArtistLog({ ...good, data });
          if (decoded === undefined) return;
          // A change inside a value decodes to that value; a broken layout never decodes.
          const parsed = artistInterface.parseLog({ ...good, data });
          assert.equal(decoded.kind, 'published');
          assert.equal(decoded.kind === 'published' && decoded.audioCid, parsed?.args.getValue('audioCid'));
        },
      ),
    );
    const invalidUtf8 = good.data.replace(Buffer.from('bafymeta').toString('hex'), 'ff'.repeat(8));
    assert.equal(decodeArtistLog({ ...good, data: invalidUtf8 }), undefined, 'invalid UTF-8 is refused');
    assert.equal(decodeArtistLog({ ...good, data: good.data.slice(0, -64) }), undefined, 'truncated');
    assert.equal(decodeArtistLog({ ...good, data: `${good.data}0` }), undefined, 'not whole words');
    assert.equal(decodeArtistLog({ ...good, data: good.data.replace(/^0x/, '') }), undefined, 'no 0x');
    assert.equal(
      decodeArtistLog({ ...good, topics: [catalogueTopics.trackPublished] }),
      undefined,
      'no track id',
    );
    assert.equal(
      decodeArtistLog({ ...good, topics: [catalogueTopics.artistCreated, good.topics[1] ?? ''] }),
      undefined,
    );
    // A huge string length or offset must not be trusted.
    const hugeOffset = `0x${'f'.repeat(64)}${good.data.slice(66)}`;
    assert.equal(decodeArtistLog({ ...good, data: hugeOffset }), undefined);
    const created = artistFactoryInterface.getEvent('ArtistCreated');
    assert.ok(created);
    const artistLog = rawLog(
      artistFactoryInterface.encodeEventLog(created, [
        getAddress(`0x${'12'.repeat(20)}`),
        getAddress(`0x${'34'.repeat(20)}`),
        'A',
      ]),
    );
    const dirtyTopic = zeroPadValue('0x01', 32).replace(/^0x00/, '0xff');
    assert.equal(
      decodeArtistCreated({
        ...artistLog,
        topics: [artistLog.topics[0] ?? '', dirtyTopic, artistLog.topics[2] ?? ''],
      }),
      undefined,
    );
  });

  test('recognises the shape of an eth_getLogs entry', () => {
    assert.equal(isRawLog(rawLog({ data: '0x', topics: [] })), true);
    for (const bad of [
      null,
      5,
      {},
      { ...rawLog({ data: '0x', topics: [] }), topics: [1] },
      { ...rawLog({ data: '0x', topics: [] }), data: 3 },
    ]) {
      assert.equal(isRawLog(bad), false);
    }
  });
});
