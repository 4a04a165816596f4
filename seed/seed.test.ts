// A seed against a real anvil and real Helia peers on loopback: it pins what the chain vouches
// for (and nothing else), speaks the Pinning Service API's shapes, serves raw blocks as a trustless
// gateway, and a second seed fills itself from the first by following the catalogue.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { id } from 'ethers';
import { CID } from 'multiformats/cid';
import { startContractFixture } from '../testkit/contractFixture';
import type { ContractFixture } from '../testkit/contractFixture';
import type { ArtistContract } from '../protocol/contracts';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import {
  LIBP2P_DEFAULT_MAX_CONNECTIONS,
  maxConnectionsOf,
} from '../core/storage/testSupport/connectionLimits';
import { startSeed } from './seedServer';
import type { RunningSeed, SeedConfig } from './seedServer';
import { testSeedConfig } from './testing/testSeed';

const KiB = 1024;
let fixture: ContractFixture;
let artist: ArtistContract;
let artistStore: HeliaContentStore;
let folder: string;

/** What the Pinning Service API answers: a PinStatus, a PinResults or a Failure. */
interface PsaBody {
  requestid: string;
  status: string;
  created: string;
  pin: { cid: string; name?: string };
  delegates: string[];
  info: { status_details?: string };
  count: number;
  results: PsaBody[];
  error?: { reason?: string; details?: string };
}

interface PublishedTrack {
  audio: string;
  metadata: string;
  cover: string;
}

async function publish(label: string, audioBytes: Buffer, metadataBytes?: Buffer): Promise<PublishedTrack> {
  const cover = await artistStore.add([seededBytes(3 * KiB, `cover ${label}`)], { pin: true });
  const audio = await artistStore.add([audioBytes], { pin: true });
  const metadataJson = {
    busker: 1,
    title: `Song ${label}`,
    artist: 'Seed Tester',
    album: 'Seeds',
    trackNumber: 1,
    durationMs: 1000,
    mime: 'audio/flac',
    size: audioBytes.length,
    cover,
  };
  const metadata = await artistStore.add([metadataBytes ?? Buffer.from(JSON.stringify(metadataJson))], {
    pin: true,
  });
  await (await artist.publishTrack(metadata, audio, id(`content ${label}`), id(`key ${label}`), 1n)).wait();
  return { audio, metadata, cover };
}

function seedConfig(name: string, overrides: Partial<SeedConfig> = {}): SeedConfig {
  return testSeedConfig(fixture, join(folder, name), overrides);
}

async function postPin(seed: RunningSeed, body: unknown): Promise<{ status: number; json: PsaBody }> {
  const response = await fetch(`${seed.pinningUrl}/pins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as PsaBody };
}

async function pinSettled(seed: RunningSeed, requestId: string): Promise<PsaBody> {
  for (;;) {
    const status = (await (await fetch(`${seed.pinningUrl}/pins/${requestId}`)).json()) as PsaBody;
    if (status.status === 'pinned' || status.status === 'failed') return status;
    await sleep(50);
  }
}

function assertPinStatusShape(status: PsaBody): void {
  assert.equal(typeof status.requestid, 'string');
  assert.ok(['queued', 'pinning', 'pinned', 'failed'].includes(status.status));
  assert.ok(!Number.isNaN(Date.parse(status.created)), 'created is a date-time');
  assert.equal(typeof status.pin.cid, 'string');
  assert.ok(Array.isArray(status.delegates) && status.delegates.length >= 1 && status.delegates.length <= 20);
  for (const delegate of status.delegates) assert.match(delegate, /^\/ip4\/.+\/tcp\/\d+\/p2p\/12D3Koo/);
  assert.equal(typeof status.info, 'object');
}

function assertFailureShape(json: PsaBody, reason?: string): void {
  assert.equal(typeof json.error?.reason, 'string');
  assert.equal(typeof json.error?.details, 'string');
  if (reason) assert.equal(json.error?.reason, reason);
}

before(async () => {
  fixture = await startContractFixture();
  artist = await fixture.createArtist(fixture.wallets[1]!, 'Seed Tester');
  folder = await mkdtemp(join(tmpdir(), 'busker-seed-'));
  artistStore = await createHeliaContentStore({ directory: join(folder, 'artist') });
});

after(async () => {
  await artistStore?.close();
  await fixture?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('a seed', () => {
  let seed: RunningSeed;
  let track: PublishedTrack;
  const audioBytes = seededBytes(700 * KiB, 'seed audio');
  before(async () => {
    seed = await startSeed(seedConfig('seed-1', { pinRequestsPerMinute: 40 }));
    track = await publish('one', audioBytes);
  });
  after(() => seed?.close());

  test("keeps libp2p's own connection limits, a server's, not the desktop player's", () => {
    assert.equal(maxConnectionsOf(seed.content), LIBP2P_DEFAULT_MAX_CONNECTIONS);
  });

  test('pins a published track it is asked to, fetching it from the origin the client names', async () => {
    const { status, json } = await postPin(seed, {
      cid: track.audio,
      name: 'Song one',
      origins: artistStore.listenAddresses(),
      meta: { app: 'busker' },
    });
    assert.equal(status, 202);
    assertPinStatusShape(json);
    assert.equal(json.pin.cid, track.audio);
    assert.equal(json.pin.name, 'Song one');
    const settled = await pinSettled(seed, json.requestid);
    assert.equal(settled.status, 'pinned', JSON.stringify(settled.info));
    assert.equal(await seed.content.isPinned(track.audio), true);

    const listed = (await (
      await fetch(`${seed.pinningUrl}/pins?cid=${track.audio}&status=queued,pinning,pinned`)
    ).json()) as PsaBody;
    // The client's request, and the seed's own from following the catalogue.
    assert.equal(listed.count, 2);
    assert.ok(listed.results.some((result) => result.requestid === json.requestid));
    for (const result of listed.results) assertPinStatusShape(result);
    const queued = (await (await fetch(`${seed.pinningUrl}/pins?status=queued,pinning`)).json()) as PsaBody;
    assert.ok(queued.results.every((result) => result.status !== 'pinned'));
  });

  test('serves held blocks raw as a trustless gateway, each hashing to its CID', async () => {
    const root = CID.parse(track.audio);
    for (const init of [{ query: '?format=raw' }, { query: '', accept: 'application/vnd.ipld.raw' }]) {
      const response = await fetch(`${seed.gatewayUrl}/ipfs/${track.audio}${init.query}`, {
        headers: init.accept ? { accept: init.accept } : {},
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/vnd.ipld.raw');
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.deepEqual(createHash('sha256').update(bytes).digest(), Buffer.from(root.multihash.digest));
    }
    const notRaw = await fetch(`${seed.gatewayUrl}/ipfs/${track.audio}`);
    assert.equal(notRaw.status, 406);
    const unknown = await artistStore.add([seededBytes(100, 'never pinned by the seed')]);
    const missing = await fetch(`${seed.gatewayUrl}/ipfs/${unknown}?format=raw`);
    assert.equal(missing.status, 404);
    assertFailureShape((await missing.json()) as PsaBody, 'NOT_FOUND');
    const bad = await fetch(`${seed.gatewayUrl}/ipfs/not-a-cid?format=raw`);
    assert.equal(bad.status, 400);
  });

  test('refuses a CID that no published track names, with the spec error body', async () => {
    const stray = await artistStore.add([seededBytes(2 * KiB, 'not published')], { pin: true });
    const { status, json } = await postPin(seed, { cid: stray, origins: artistStore.listenAddresses() });
    assert.equal(status, 403);
    assertFailureShape(json, 'NOT_PUBLISHED');
    assert.equal(await seed.content.has(stray), false, 'nothing was fetched');
  });

  test('refuses malformed requests with 400 and the spec error body', async () => {
    for (const body of [
      {},
      { cid: 42 },
      { cid: 'not a cid' },
      { cid: 'b'.repeat(300) },
      { cid: track.audio, origins: Array.from({ length: 21 }, () => '/ip4/1.2.3.4/tcp/1') },
      { cid: track.audio, name: 'n'.repeat(256) },
    ]) {
      const { status, json } = await postPin(seed, body);
      assert.equal(status, 400, JSON.stringify(body).slice(0, 80));
      assertFailureShape(json, 'BAD_REQUEST');
    }
    const notFound = await fetch(`${seed.pinningUrl}/pins/00000000-0000-0000-0000-000000000000`);
    assert.equal(notFound.status, 404);
    assertFailureShape((await notFound.json()) as PsaBody, 'NOT_FOUND');
    const badQuery = await fetch(`${seed.pinningUrl}/pins?status=lost`);
    assert.equal(badQuery.status, 400);
  });

  test('fails a pin whose content is larger than its kind allows, and keeps nothing of it', async () => {
    // A "metadata document" of 100 KiB: published on chain, but over the 64 KiB cap.
    const huge = await publish(
      'huge metadata',
      seededBytes(4 * KiB, 'small audio'),
      seededBytes(100 * KiB, 'huge'),
    );
    const { status, json } = await postPin(seed, {
      cid: huge.metadata,
      origins: artistStore.listenAddresses(),
    });
    assert.equal(status, 202);
    const settled = await pinSettled(seed, json.requestid);
    assert.equal(settled.status, 'failed');
    assert.match(settled.info.status_details ?? '', /at most 65536 bytes/);
    assert.equal(await seed.content.isPinned(huge.metadata), false);
  });

  test('a client cannot unpin what the chain vouches for', async () => {
    await seed.follower.syncNow();
    await seed.worker.idle();
    const { json } = await postPin(seed, { cid: track.metadata });
    const removed = await fetch(`${seed.pinningUrl}/pins/${json.requestid}`, { method: 'DELETE' });
    assert.equal(removed.status, 202);
    assert.equal(await seed.content.isPinned(track.metadata), true, 'the catalogue still keeps it');
    const catalogueRequest = seed.records
      .pinsOf(track.metadata)
      .find((record) => record.source === 'catalogue');
    assert.ok(catalogueRequest);
    const refused = await fetch(`${seed.pinningUrl}/pins/${catalogueRequest.requestId}`, {
      method: 'DELETE',
    });
    assert.equal(refused.status, 403);
  });

  test('answers a flood from one address with 429', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 45; index += 1) statuses.push((await postPin(seed, { cid: 'x' })).status);
    assert.ok(statuses.includes(429), 'the limit was reached');
    const limited = await postPin(seed, { cid: 'x' });
    assert.equal(limited.status, 429);
    assertFailureShape(limited.json, 'RATE_LIMITED');
  });
});

describe('seeds replicate each other by following the catalogue', () => {
  test('a second seed fills itself from the first, covers included, with the artist gone', async () => {
    const first = await startSeed(seedConfig('replica-1'));
    let second: RunningSeed | undefined;
    try {
      const track = await publish('replicated', seededBytes(300 * KiB, 'replicated audio'));
      for (const address of artistStore.listenAddresses()) await first.content.connectPeer(address);
      await first.follower.syncNow();
      await first.worker.idle();
      await first.worker.idle(); // the cover is queued once its metadata is read
      for (const cid of [track.audio, track.metadata, track.cover]) {
        assert.equal(await first.content.isPinned(cid), true, `first seed pinned ${cid}`);
      }

      // The artist's node is unreachable from now on: the second seed knows only the first.
      await artistStore.close();
      artistStore = await createHeliaContentStore({ directory: join(folder, 'artist-offline') });
      second = await startSeed(seedConfig('replica-2', { peers: first.multiaddrs }));
      await second.follower.syncNow();
      await second.worker.idle();
      await second.worker.idle();
      for (const cid of [track.audio, track.metadata, track.cover]) {
        assert.equal(await second.content.isPinned(cid), true, `second seed pinned ${cid}`);
      }
      const statuses = second.records.countsByStatus();
      assert.equal(statuses.queued + statuses.pinning, 0);
    } finally {
      await second?.close();
      await first.close();
    }
  });

  test('a restarted seed keeps its identity and its pins', async () => {
    const config = seedConfig('restarted');
    const first = await startSeed(config);
    const peerId = first.peerId;
    await first.follower.syncNow();
    const requests = Object.values(first.records.countsByStatus()).reduce((sum, count) => sum + count);
    assert.ok(requests > 0);
    await first.close();
    const again = await startSeed(config);
    try {
      assert.equal(again.peerId, peerId);
      assert.equal(
        Object.values(again.records.countsByStatus()).reduce((sum, count) => sum + count),
        requests,
      );
    } finally {
      await again.close();
    }
  });
});
