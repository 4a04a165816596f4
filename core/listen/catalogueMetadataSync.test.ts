import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseEther } from 'ethers';
import { CatalogueStore } from '../chain/catalogueStore';
import { CatalogueSync } from '../chain/catalogueSync';
import { openChainDatabase } from '../chain/chainDatabase';
import type { ChainDatabase } from '../chain/chainDatabase';
import { startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';
import type { ArtistContract } from '../../protocol/contracts';
import { keyCommitment } from '../../protocol/keyCommitment';
import { CatalogueTracks } from '../library/catalogueTracks';
import { openLibraryDatabase } from '../library/database';
import type { LibraryDatabase } from '../library/database';
import { TrackQueries } from '../library/trackQueries';
import { TrackRepo } from '../library/trackRepo';
import { createHeliaContentStore } from '../storage/heliaContentStore';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import { referenceCid } from '../storage/testSupport/referenceCid';
import { KeyVault } from '../unlock/keyVault';
import { CatalogueMetadataSync } from './catalogueMetadataSync';

// A real anvil with the real contracts, a real Helia store, and an artist publishing good,
// hostile and unreachable metadata.
let fixture: ContractFixture;
let content: HeliaContentStore;
let artist: ArtistContract;
let artistAddress: string;
let root: string;
let chainDb: ChainDatabase;
let libraryDb: LibraryDatabase;
let chainId: number;
const price = parseEther('0.001');

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'busker-metadata-sync-'));
  fixture = await startContractFixture();
  chainId = Number((await fixture.provider.getNetwork()).chainId);
  content = await createHeliaContentStore({ directory: join(root, 'ipfs') });
  artist = await fixture.createArtist(fixture.wallets[1]!, 'On-chain Name');
  artistAddress = await artist.getAddress();
  chainDb = openChainDatabase(join(root, 'chain.sqlite'));
  libraryDb = openLibraryDatabase(join(root, 'library.sqlite'));
});

after(async () => {
  libraryDb?.close();
  chainDb?.close();
  await content?.close();
  await fixture?.close();
  rmSync(root, { recursive: true, force: true });
});

const metadata = (fields: Record<string, unknown>) => ({
  busker: 1,
  title: 'Song',
  artist: 'The Artist',
  album: 'Album',
  trackNumber: 1,
  durationMs: 1000,
  mime: 'audio/flac',
  size: 1234,
  cover: null,
  ...fields,
});

async function addJson(value: unknown): Promise<string> {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return content.add([Buffer.from(text, 'utf8')]);
}

/** Publishes a track whose metadata is at `metadataCid`; returns its id and content key. */
async function publish(metadataCid: string): Promise<{ trackId: number; contentKey: Buffer }> {
  const contentKey = randomBytes(32);
  const trackId = Number(await artist.trackCount());
  const audioCid = await referenceCid(randomBytes(64));
  await (
    await artist.publishTrack(metadataCid, audioCid, randomBytes(32), keyCommitment(contentKey), price)
  ).wait();
  return { trackId, contentKey };
}

/** The chain's catalogue, synced to the head. */
async function syncedCatalogue(): Promise<CatalogueStore> {
  const catalogue = new CatalogueStore(chainDb);
  await new CatalogueSync({
    provider: fixture.provider,
    store: catalogue,
    chainId,
    factory: fixture.deployment.factory,
    confirmations: 0,
  }).sync();
  return catalogue;
}

test('good metadata is listed, hostile metadata is shown as text or skipped with a reason, and an unreachable CID never blocks the rest', async () => {
  const good = await publish(await addJson(metadata({ title: 'Good Song', artist: '' })));
  const html = await publish(
    await addJson(metadata({ title: '<script>alert(1)</script>', artist: '<img src=x onerror=alert(2)>' })),
  );
  const longTitle = await publish(await addJson(metadata({ title: 'L'.repeat(10_000) })));
  const huge = await publish(await addJson(metadata({ title: 'H'.repeat(1_000_000) })));
  const wrongTypes = await publish(await addJson(metadata({ title: 7, size: 'big' })));
  const notJson = await publish(await addJson('<html>not json</html>'));
  const polluted = await publish(
    await addJson('{"busker":1,"title":"x","mime":"audio/flac","size":1,"__proto__":{"admin":true}}'),
  );
  // Valid metadata no peer has yet (its CID is computed, the bytes are not added until later).
  const lateBytes = Buffer.from(JSON.stringify(metadata({ title: 'Arrived late' })), 'utf8');
  const unreachable = [await publish(await referenceCid(lateBytes))];
  for (let index = 0; index < 4; index += 1)
    unreachable.push(await publish(await referenceCid(randomBytes(100))));
  const notACid = await publish('javascript:alert(1)');
  const retiredLocked = await publish(await addJson(metadata({ title: 'Retired, locked' })));
  const retiredUnlocked = await publish(await addJson(metadata({ title: 'Retired, unlocked' })));
  await (await artist.retireTrack(retiredLocked.trackId)).wait();
  await (await artist.retireTrack(retiredUnlocked.trackId)).wait();

  const catalogue = await syncedCatalogue();

  const vault = new KeyVault(libraryDb, randomBytes(32));
  vault.put(
    { chainId, artist: artistAddress, trackId: retiredUnlocked.trackId },
    retiredUnlocked.contentKey,
    keyCommitment(retiredUnlocked.contentKey),
  );
  const repo = new TrackRepo(libraryDb);
  let now = 1_000_000;
  let passEnded = false;
  const listedDuringPass: boolean[] = [];
  const sync = new CatalogueMetadataSync({
    db: libraryDb,
    catalogue,
    tracks: new CatalogueTracks(libraryDb, repo),
    repo,
    content,
    unlocked: vault,
    chainId,
    timeoutMs: 700,
    concurrency: 4,
    retry: { firstDelayMs: 60_000, maxDelayMs: 600_000 },
    now: () => now,
    onListed: () => listedDuringPass.push(!passEnded),
  });

  const started = Date.now();
  const report = await sync.sync().finally(() => (passEnded = true));
  // Each listed track is announced as it is saved, before the unreachable ones give up.
  assert.deepEqual(listedDuringPass, [true, true, true, true]);
  // Five CIDs that never resolve, four at a time, 700 ms each: bounded, not five timeouts in a row
  // on top of every good track.
  assert.ok(Date.now() - started < 5_000, `the sync took ${Date.now() - started} ms`);

  const listed = new Map(
    new TrackQueries(libraryDb)
      .listTracks({ text: '', offset: 0, limit: 100 })
      .tracks.map((track) => [track.title, track] as const),
  );
  // Who is paid is the contract's on-chain name, whatever artist the metadata claims.
  assert.deepEqual(new Set([...listed.values()].map((track) => track.artist)), new Set(['On-chain Name']));
  assert.equal(listed.get('Good Song')?.taggedArtist, undefined, 'no artist tag, no secondary text');
  assert.equal(
    listed.get('<script>alert(1)</script>')?.taggedArtist,
    '<img src=x onerror=alert(2)>',
    'HTML stays literal text',
  );
  assert.ok([...listed.keys()].some((title) => title.startsWith('LLL') && Array.from(title).length === 200));
  assert.ok(listed.has('Retired, unlocked'));
  assert.ok(!listed.has('Retired, locked'));
  assert.equal(listed.size, 4);
  assert.equal(report.saved, 4);
  assert.equal(report.hidden, 1);

  const reasons = new Map(report.skipped.map((skip) => [skip.trackId, skip]));
  assert.match(reasons.get(huge.trackId)?.reason ?? '', /larger than 64 KiB/);
  assert.equal(reasons.get(huge.trackId)?.status, 'invalid');
  assert.match(reasons.get(wrongTypes.trackId)?.reason ?? '', /"title" must be text/);
  assert.match(reasons.get(notJson.trackId)?.reason ?? '', /not valid JSON/);
  assert.match(reasons.get(polluted.trackId)?.reason ?? '', /"__proto__"/);
  assert.match(reasons.get(notACid.trackId)?.reason ?? '', /is not a CID/);
  for (const { trackId } of unreachable) {
    assert.equal(reasons.get(trackId)?.status, 'unreachable');
    assert.match(reasons.get(trackId)?.reason ?? '', /No peer sent the track's metadata/);
    assert.equal(reasons.get(trackId)?.nextAttemptAt, now + 60_000);
  }
  assert.equal(({} as Record<string, unknown>).admin, undefined);
  assert.ok(good && html && longTitle);

  // A second pass fetches nothing: listed tracks are unchanged, invalid ones stay invalid, and the
  // unreachable ones wait for their backoff.
  const again = await sync.sync();
  assert.equal(again.saved, 0);
  assert.equal(again.unchanged, 4);
  assert.equal(again.skipped.length, report.skipped.length);

  // Once the backoff is over they are tried again and wait twice as long after another failure;
  // a CID that starts resolving (a peer has it now) is listed.
  now += 60_001;
  const late = unreachable[0]!;
  assert.equal(await content.add([lateBytes]), catalogue.getTrack(artistAddress, late.trackId)?.metadataCid);
  const retried = await sync.sync();
  assert.equal(retried.saved, 1);
  assert.ok(!retried.skipped.some((skip) => skip.trackId === late.trackId));
  const other = unreachable[1]!;
  assert.equal(retried.skipped.find((skip) => skip.trackId === other.trackId)?.nextAttemptAt, now + 120_000);
  assert.equal(sync.list().find((fetch) => fetch.track.trackId === other.trackId)?.attempts, 2);
  assert.ok(
    new TrackQueries(libraryDb).listTracks({ text: 'arrived', offset: 0, limit: 10 }).tracks.length === 1,
  );

  // A row listed before lists named who is paid (its tag standing in for the payee) is saved again.
  const htmlOnChain = catalogue.getTrack(artistAddress, html.trackId)!;
  const htmlId = new CatalogueTracks(libraryDb, repo).save({
    chainId,
    artist: artistAddress,
    trackId: html.trackId,
    audioCid: htmlOnChain.audioCid,
    keyCommitment: htmlOnChain.keyCommitment,
    title: '<script>alert(1)</script>',
    artistName: '<img src=x onerror=alert(2)>',
    taggedArtist: '<img src=x onerror=alert(2)>',
    album: '',
    trackNumber: null,
    durationMs: null,
    mime: 'audio/flac',
    size: 1,
  });
  assert.equal((await sync.sync()).saved, 1);
  assert.equal(new TrackQueries(libraryDb).getTracks([htmlId])[0]?.artist, 'On-chain Name');
});

test('stop ends the pass at once, leaving no failure recorded for the fetch it abandoned', async () => {
  const never = await publish(await referenceCid(randomBytes(100)));
  const catalogue = await syncedCatalogue();
  const db = openLibraryDatabase(join(root, 'library-stop.sqlite'));
  try {
    const repo = new TrackRepo(db);
    const sync = new CatalogueMetadataSync({
      db,
      catalogue,
      tracks: new CatalogueTracks(db, repo),
      repo,
      content,
      unlocked: { has: () => false },
      chainId,
      // Far longer than the test may take: only stop() can end this pass in time.
      timeoutMs: 10 * 60_000,
      concurrency: 64,
    });
    const pass = sync.sync();
    // Wait until every other track has its record: what is left in flight is the fetch nobody answers.
    const total = catalogue.listTracks().length;
    for (let ticks = 0; sync.list().length < total - 1 && ticks < 100_000; ticks += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sync.stop();
    await pass;
    const record = sync.list().find((fetch) => fetch.track.trackId === never.trackId);
    assert.equal(record, undefined, 'an abandoned fetch is not a failure of the track');
    assert.equal((await sync.sync()).saved, 0, 'a stopped sync stays stopped');
  } finally {
    db.close();
  }
});
