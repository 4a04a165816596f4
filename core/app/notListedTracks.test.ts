import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CatalogueStore } from '../chain/catalogueStore';
import type { CatalogueTrack } from '../chain/catalogueStore';
import { openChainDatabase } from '../chain/chainDatabase';
import type { ChainDatabase } from '../chain/chainDatabase';
import { CatalogueTracks } from '../library/catalogueTracks';
import { openLibraryDatabase } from '../library/database';
import type { LibraryDatabase } from '../library/database';
import { TrackRepo } from '../library/trackRepo';
import type { SkippedTrack } from '../listen/catalogueMetadataSync';
import { CatalogueMetadataSync } from '../listen/catalogueMetadataSync';
import { parseTrackMetadata } from '../../protocol/trackMetadata';
import type { ContentStore } from '../storage/contentStore';
import { parseCid } from '../storage/storageInput';
import { referenceCid } from '../storage/testSupport/referenceCid';
import { NotListedTracks, notListedReason } from './notListedTracks';

const artist = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const catalogue = '31337:0x5fbdb2315678afecb367f032d93f642f64180aa3';
const goodMetadata = { busker: 1, title: 'Song', mime: 'audio/flac', size: 1234 };

function metadataBytes(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

/** The words a refusal of these metadata fields (or these bytes) ends up in. */
function reasonFor(value: unknown): string {
  const bytes = Buffer.isBuffer(value) ? value : metadataBytes(value);
  const parsed = parseTrackMetadata(bytes);
  assert.equal(parsed.ok, false, `expected a refusal for ${bytes.toString('utf8', 0, 80)}`);
  return notListedReason({ status: 'invalid', reason: parsed.ok ? '' : parsed.reason });
}

test("the parser's refusals are said in the user's words, without its jargon", () => {
  const said = {
    notJson: reasonFor('<html>not json</html>'),
    notObject: reasonFor('[1, 2]'),
    notVersion1: reasonFor({ ...goodMetadata, busker: 2 }),
    titleNotText: reasonFor({ ...goodMetadata, title: 7 }),
    titleEmpty: reasonFor({ ...goodMetadata, title: ' \u0000 ' }),
    titleMissing: reasonFor({ busker: 1, mime: 'audio/flac', size: 1 }),
    trackNumberNotNumber: reasonFor({ ...goodMetadata, trackNumber: '3' }),
    trackNumberFraction: reasonFor({ ...goodMetadata, trackNumber: 2.5 }),
    trackNumberRange: reasonFor({ ...goodMetadata, trackNumber: 0 }),
    sizeNotNumber: reasonFor({ ...goodMetadata, size: 'big' }),
    mime: reasonFor({ ...goodMetadata, mime: 'text/html' }),
    cover: reasonFor({ ...goodMetadata, cover: 'javascript:alert(1)' }),
    extraField: reasonFor('{"busker":1,"title":"x","mime":"audio/flac","size":1,"__proto__":{"admin":true}}'),
    tooLarge: reasonFor({ ...goodMetadata, title: 'H'.repeat(1_000_000) }),
  };
  assert.deepEqual(said, {
    notJson: 'its description is not valid JSON',
    notObject: 'its description is not a JSON object',
    notVersion1: 'its description is not in a format Busker reads',
    titleNotText: 'its title is not text',
    titleEmpty: 'its title is empty',
    titleMissing: 'its title is missing',
    trackNumberNotNumber: 'its track number is not a number',
    trackNumberFraction: 'its track number is not a whole number',
    trackNumberRange: 'its track number is out of range',
    sizeNotNumber: 'its size is not a number',
    mime: 'its audio type is not an audio format',
    cover: 'its cover is not an IPFS address',
    extraField: 'its description has fields Busker does not know',
    tooLarge: 'its description is larger than 64 KiB, more than Busker accepts',
  });
  assert.equal(reasonFor(Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), 'its description is not text');
});

test('a refusal the table does not know keeps the sync’s words, as plain text', () => {
  assert.equal(
    notListedReason({ status: 'invalid', reason: 'The track’s metadata is odd.\u202E' }),
    'its description was refused (The track’s metadata is odd.)',
  );
});

describe('after a real metadata sync over hostile and unreachable descriptions', () => {
  let root: string;
  let chainDb: ChainDatabase;
  let libraryDb: LibraryDatabase;
  let store: CatalogueStore;
  const bytesByCid = new Map<string, Buffer>();
  let nextTrackId = 0;

  /** Serves the bytes it was given; any other valid CID waits for peers until the sync gives up. */
  const content = {
    async *read(cid: string, options: { signal?: AbortSignal } = {}) {
      parseCid(cid);
      const bytes = bytesByCid.get(cid);
      if (bytes) {
        yield bytes;
        return;
      }
      // AbortSignal.timeout's timer does not hold the process open; a peer search would.
      const searching = setInterval(() => undefined, 1_000);
      await new Promise((_, reject) => {
        options.signal?.addEventListener('abort', () => {
          clearInterval(searching);
          reject(options.signal?.reason as Error);
        });
      });
    },
  } as unknown as ContentStore;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'busker-not-listed-'));
    chainDb = openChainDatabase(join(root, 'chain.sqlite'));
    libraryDb = openLibraryDatabase(join(root, 'library.sqlite'));
    store = new CatalogueStore(chainDb);
    store.reset(31337, '0x5FbDB2315678afecb367f032d93F642f64180aa3', 0);
  });

  after(() => {
    libraryDb?.close();
    chainDb?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Publishes a track (straight into the chain store) whose metadata is at `cid`. */
  function publishAt(cid: string): number {
    const trackId = nextTrackId++;
    const track: CatalogueTrack = {
      artist,
      trackId,
      metadataCid: cid,
      audioCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
      contentHash: `0x${'11'.repeat(32)}`,
      keyCommitment: `0x${'22'.repeat(32)}`,
      price: 1000n,
      retired: false,
      publishedBlock: trackId + 1,
    };
    store.writeChunk({
      artists: [{ address: artist, owner: artist, name: 'Hostile \u202Eartist\u0000', createdBlock: 1 }],
      trackEvents: [{ kind: 'published', blockNumber: trackId + 1, logIndex: 0, track }],
      cursor: { blockNumber: trackId + 1, blockHash: `0x${String(trackId + 1).padStart(64, '0')}` },
    });
    return trackId;
  }

  /** Publishes a track whose metadata the content store serves. */
  async function publish(metadata: unknown): Promise<number> {
    const bytes = metadataBytes(metadata);
    const cid = await referenceCid(bytes);
    bytesByCid.set(cid, bytes);
    return publishAt(cid);
  }

  test('the not-listed tracks carry their reasons, change only when what is shown changes, and stay per network', async () => {
    const repo = new TrackRepo(libraryDb);
    let now = 1_000_000;
    const sync = new CatalogueMetadataSync({
      db: libraryDb,
      catalogue: store,
      tracks: new CatalogueTracks(libraryDb, repo),
      repo,
      content,
      unlocked: { has: () => false },
      chainId: 31337,
      timeoutMs: 50,
      retry: { firstDelayMs: 1_000, maxDelayMs: 10_000 },
      now: () => now,
    });
    await publish({ ...goodMetadata, title: '<img src=x onerror=alert(1)>' });
    const huge = await publish({ ...goodMetadata, title: 'H'.repeat(1_000_000) });
    const titleNumber = await publish({ ...goodMetadata, title: 7 });
    const trackNumberText = await publish({ ...goodMetadata, trackNumber: 'three' });
    // Valid metadata that no peer has, until later.
    const lateBytes = metadataBytes({ ...goodMetadata, title: 'Late' });
    const lateCid = await referenceCid(lateBytes);
    const unresolvable = publishAt(lateCid);
    const notACid = publishAt('javascript:alert(1)');

    const notListed = new NotListedTracks();
    const first = await sync.sync();
    assert.equal(first.saved, 1);
    assert.equal(notListed.replace(catalogue, first.skipped, store.listArtists()), true);
    const shown = notListed.list(catalogue);
    assert.deepEqual(
      shown.map(({ chainTrackId, status, reason }) => [chainTrackId, status, reason]),
      [
        [huge, 'refused', 'its description is larger than 64 KiB, more than Busker accepts'],
        [titleNumber, 'refused', 'its title is not text'],
        [trackNumberText, 'refused', 'its track number is not a number'],
        [
          unresolvable,
          'retrying',
          'its description could not be fetched from IPFS yet; Busker will try again',
        ],
        [notACid, 'refused', 'its description’s address is not an IPFS address'],
      ],
    );
    assert.ok(shown.every((track) => track.artistContract === artist));
    assert.ok(shown.every((track) => track.artistName === 'Hostile artist'));

    // A pass while the unresolvable track waits for its retry, then one that retries it and fails
    // again: the same list, so nothing to tell the renderer.
    assert.equal(notListed.replace(catalogue, (await sync.sync()).skipped, store.listArtists()), false);
    now += 1_001;
    const retried = await sync.sync();
    assert.notEqual(
      retried.skipped.find((skip) => skip.trackId === unresolvable)?.nextAttemptAt,
      first.skipped.find((skip) => skip.trackId === unresolvable)?.nextAttemptAt,
    );
    assert.equal(notListed.replace(catalogue, retried.skipped, store.listArtists()), false);

    // The bytes turn up: the track is listed and leaves the not-listed list.
    bytesByCid.set(lateCid, lateBytes);
    now += 10_001;
    const resolved = await sync.sync();
    assert.equal(resolved.saved, 1);
    assert.equal(notListed.replace(catalogue, resolved.skipped, store.listArtists()), true);
    assert.ok(!notListed.list(catalogue).some((track) => track.chainTrackId === unresolvable));
    assert.equal(notListed.list(catalogue).length, 4);

    // Another network's catalogue never shows this one's list.
    assert.deepEqual(notListed.list('1:0x0000000000000000000000000000000000000001'), []);
    const copy = notListed.list(catalogue);
    copy.pop();
    assert.equal(notListed.list(catalogue).length, 4, 'callers get a copy');
  });
});

test('one entry per artist contract and track id, whichever case the address is in', () => {
  const skip = (artistAddress: string, reason: string): SkippedTrack => ({
    artist: artistAddress,
    trackId: 4,
    metadataCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
    status: 'invalid',
    reason,
    nextAttemptAt: null,
  });
  const notListed = new NotListedTracks();
  notListed.replace(
    catalogue,
    [
      skip(artist, `The track's metadata was refused: it is not valid JSON.`),
      skip(artist.toLowerCase(), `The track's metadata was refused: "title" must be text.`),
    ],
    [],
  );
  assert.deepEqual(notListed.list(catalogue), [
    {
      artistContract: artist.toLowerCase(),
      chainTrackId: 4,
      artistName: '',
      status: 'refused',
      reason: 'its title is not text',
    },
  ]);
});
