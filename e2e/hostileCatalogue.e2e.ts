/**
 * A hostile catalogue end to end, in Debian's Chromium against one headless listener host: an
 * artist (this test, publishing straight on chain with ethers, its metadata served by its own
 * Helia peer) lists tracks whose metadata carries HTML and script payloads, a 1 MB title, wrong
 * types, and a CID no peer has. The payloads show as literal text and run nothing; the rest are
 * listed under "Not listed" with their reasons; the app answers search and shortcuts while the
 * unresolvable CID is still pending. A screenshot goes to .test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parseEther } from 'ethers';
import { startContractFixture, type ContractFixture } from '../testkit/contractFixture';
import type { ArtistContract } from '../protocol/contracts';
import { writeNetworkFile } from '../protocol/networkFile';
import { keyCommitment } from '../protocol/keyCommitment';
import { createHeliaContentStore, type HeliaContentStore } from '../core/storage/heliaContentStore';
import { referenceCid } from '../core/storage/testSupport/referenceCid';
import { openE2eSession, testMarket, type E2eSession } from './support/browserSession';
import * as view from './support/trackListView';

const screenshotDir = resolve('.test-results/screenshots');
/** The artist's name as registered on chain: hostile too, and shown in the "Not listed" entries. */
const chainArtistName = '<b onmouseover=window.__pwned=1>Mallory</b>';
/** What Busker waits for while it answers the user: long enough for a busy CI box, not a timeout. */
const responsive = { timeout: 5_000 };

/** Every field of the two HTML tracks holds its own payload, so each is found by its text alone. */
const htmlTracks = [
  {
    title: '<img src=x onerror=window.__pwned=1>',
    artist: '<script>window.__pwned=2</script>',
    album: '<iframe src="javascript:window.__pwned=3"></iframe>',
  },
  {
    title: '<script>window.__pwned=4</script>',
    artist: '<svg onload=window.__pwned=5>',
    album: '<img src=x onerror=window.__pwned=6>',
  },
];
const plainTitle = 'Quiet Harbour';

let root: string;
let fixture: ContractFixture;
let artistContent: HeliaContentStore;
let artist: ArtistContract;
let networkFile: string;
let session: E2eSession | undefined;

const metadata = (fields: Record<string, unknown>) => ({
  busker: 1,
  title: 'Song',
  artist: 'Busker Band',
  album: 'Harbour',
  trackNumber: 1,
  durationMs: 20_000,
  mime: 'audio/flac',
  size: 400_000,
  cover: null,
  ...fields,
});

/** Lists a track on chain whose metadata is at `metadataCid`; its audio is never fetched. */
async function publish(metadataCid: string): Promise<number> {
  const trackId = Number(await artist.trackCount());
  const audioCid = await referenceCid(randomBytes(64));
  await (
    await artist.publishTrack(
      metadataCid,
      audioCid,
      randomBytes(32),
      keyCommitment(randomBytes(32)),
      parseEther('0.01'),
    )
  ).wait();
  return trackId;
}

/** Adds the metadata to the artist's peer, then lists the track. */
async function publishMetadata(fields: Record<string, unknown>): Promise<number> {
  return publish(await artistContent.add([Buffer.from(JSON.stringify(metadata(fields)), 'utf8')]));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-hostile-'));
  await mkdir(screenshotDir, { recursive: true });
  fixture = await startContractFixture();
  artistContent = await createHeliaContentStore({ directory: join(root, 'artist-ipfs') });
  artist = await fixture.createArtist(fixture.wallets[1]!, chainArtistName);
  networkFile = join(root, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: Number((await fixture.provider.getNetwork()).chainId),
    rpcUrl: fixture.node.rpcUrl,
    factory: fixture.deployment.factory,
  });
});

after(async () => {
  await session?.close();
  await artistContent?.close();
  await fixture?.close();
  await rm(root, { recursive: true, force: true });
});

test('hostile metadata shows as text or is listed apart with its reason, and the app stays responsive', async () => {
  // A track whose metadata claims a famous band, published by this contract (named Mallory).
  await publishMetadata({ title: plainTitle, artist: 'Famous Band' });
  for (const fields of htmlTracks) await publishMetadata(fields);
  const refused = [
    {
      trackId: await publishMetadata({ title: 'H'.repeat(1_000_000) }),
      reason: 'Its description is larger than 64 KiB, more than Busker accepts.',
    },
    { trackId: await publishMetadata({ title: 42 }), reason: 'Its title is not text.' },
    {
      trackId: await publishMetadata({ trackNumber: 'seven' }),
      reason: 'Its track number is not a number.',
    },
  ];
  // Valid-looking metadata that no peer holds: its CID is computed, its bytes never added.
  const pendingTrackId = await publish(await referenceCid(randomBytes(200)));
  const pendingReason = 'Its description could not be fetched from IPFS yet; Busker will try again.';

  session = await openE2eSession({
    dataDir: join(root, 'listener'),
    market: testMarket(networkFile, { peers: artistContent.listenAddresses() }),
  });
  const { page } = session;
  const grid = view.trackGrid(page);

  // The first sync pass ends once the unresolvable CID's fetch gives up (15 s): then every
  // listed track is in the grid, the payloads as literal text.
  await grid.getByText(plainTitle, { exact: true }).waitFor({ timeout: 60_000 });
  for (const track of htmlTracks) {
    for (const text of [track.title, `tagged as ${track.artist}`, track.album]) {
      await grid.getByText(text, { exact: true }).waitFor();
    }
  }

  // Who is paid is never in doubt: every row names the contract's on-chain name, the artist the
  // metadata claims only after it, and the tip control says where the tip goes.
  const plainRow = view.trackRows(page).filter({ hasText: plainTitle });
  assert.equal(
    await plainRow.getByRole('gridcell').nth(2).textContent(),
    `${chainArtistName} tagged as Famous Band`,
  );
  assert.equal(
    await plainRow.getByRole('button', { name: /^Tip & unlock / }).getAttribute('title'),
    `Tip goes to ${chainArtistName}`,
  );
  for (const row of await view.trackRows(page).all()) {
    assert.ok((await row.getByRole('gridcell').nth(2).textContent())?.startsWith(chainArtistName));
  }
  // Catalogue tracks join no local album or artist: those views count local files only.
  const stats = page.locator('dl.library-stats');
  await stats.getByText('3 songs', { exact: true }).waitFor();
  assert.deepEqual(await stats.locator('dd').allTextContents(), ['3 songs', '0 albums', '0 artists']);
  await page.getByRole('button', { name: 'Artists', exact: true }).click();
  await page.getByRole('region', { name: 'Artists' }).getByText('0 artists', { exact: true }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Artists' }).getByRole('listitem').count(), 0);
  await page.getByRole('button', { name: 'Songs', exact: true }).click();
  await plainRow.waitFor();
  assert.deepEqual(
    (await view.rowTitles(page)).sort(),
    [plainTitle, ...htmlTracks.map((t) => t.title)].sort(),
  );

  // The rest are listed apart, folded under one line, each with its reason in words.
  const disclosure = page.getByText(`Not listed (${refused.length + 1})`, { exact: true });
  await disclosure.waitFor();
  await disclosure.click();
  const notListed = page.getByRole('list', { name: 'Catalogue tracks not listed' });
  const expected = [...refused, { trackId: pendingTrackId, reason: pendingReason }];
  for (const { trackId, reason } of expected) {
    const entry = notListed.getByRole('listitem').filter({ hasText: `Track ${trackId} by ` });
    await entry.waitFor();
    assert.deepEqual(await entry.locator('span').allTextContents(), [
      `Track ${trackId} by ${chainArtistName}`,
      reason,
    ]);
  }
  assert.equal(await notListed.getByRole('listitem').count(), expected.length);
  await page.screenshot({
    path: join(screenshotDir, 'hostile-catalogue-01-not-listed.png'),
    fullPage: true,
  });

  // Nothing from the metadata became markup, and nothing ran.
  const markup = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    handlers: [...document.querySelectorAll('*')].flatMap((element) =>
      [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((a) => a.name),
    ),
    images: [...document.images].map((image) => image.getAttribute('src')),
    frames: document.querySelectorAll('iframe, frame, object, embed').length,
    scripts: [...document.scripts].map((script) => new URL(script.src || 'inline:', location.href).pathname),
  }));
  assert.deepEqual(markup, { pwned: undefined, handlers: [], images: [], frames: 0, scripts: ['/app.js'] });

  // While the unresolvable CID is still pending (retried in the background), the app answers:
  // typing filters the list, Escape clears it, and a shortcut opens its dialog.
  const search = page.getByRole('searchbox', { name: 'Search library' });
  await search.pressSequentially('Quiet');
  const main = page.getByRole('main');
  await main.getByText('1 song match “Quiet”', { exact: true }).waitFor(responsive);
  await grid.getByText(htmlTracks[0]!.title, { exact: true }).waitFor({ state: 'detached', ...responsive });
  assert.deepEqual(await view.rowTitles(page), [plainTitle]);
  await search.press('Escape');
  await main.getByText('3 songs', { exact: true }).waitFor(responsive);
  await search.press('Escape');
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await shortcuts.waitFor(responsive);
  await shortcuts.getByRole('button', { name: 'Close' }).click();
  await shortcuts.waitFor({ state: 'detached', ...responsive });
  await notListed.getByRole('listitem').filter({ hasText: pendingReason }).waitFor(responsive);
  assert.equal(await notListed.getByRole('listitem').count(), expected.length);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);

  assert.deepEqual(session.pageErrors, []);
});
