/**
 * The earnings chart end to end, in Debian's Chromium against the headless host and a devnet:
 * an artist (development account 0) sees one tip as a point on a dated uPlot chart with its
 * amount in the legend and the table, downloads it as CSV, then sees a thousand tips across
 * three tracks and two weeks stay one readable line per track. No CSP error, no serious axe
 * violation; screenshots go to .test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Wallet, ZeroHash, parseEther } from 'ethers';
import type { Page } from 'playwright-core';
import { startDevnet, type Devnet } from '../devnet/devnet';
import { connectArtist, connectFactory, parseFactoryLog, type ArtistContract } from '../protocol/contracts';
import { createProvider } from '../protocol/rpcProvider';
import { openE2eSession, testMarket, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import { setUpDevelopmentWallet } from './support/walletSetup';

let root: string;
let devnet: Devnet;
let session: E2eSession | undefined;
let provider: ReturnType<typeof createProvider>;
const consoleErrors: string[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-earnings-'));
  devnet = await startDevnet({ networkFile: join(root, 'devnet', 'network.json') });
  provider = createProvider(devnet.network.rpcUrl, { chainId: devnet.network.chainId });
});

after(async () => {
  await session?.close();
  provider?.destroy();
  await devnet?.stop();
  await rm(root, { recursive: true, force: true });
});

function devWallet(index: number): Wallet {
  const account = devnet.accounts[index];
  if (!account) throw new Error(`anvil has no account ${index}.`);
  return new Wallet(account.privateKey, provider);
}

/** An artist contract owned by account 0 with three tracks, made on chain as Busker does. */
async function artistWithTracks(): Promise<ArtistContract> {
  const owner = devWallet(0);
  const factory = connectFactory(devnet.network.factory, owner);
  const receipt = await (await factory.createArtist('Busker Band')).wait();
  const created = receipt?.logs.map((log) => parseFactoryLog(log)).find((e) => e?.name === 'ArtistCreated');
  if (created?.name !== 'ArtistCreated') throw new Error('createArtist emitted no ArtistCreated event.');
  const artist = connectArtist(created.args.artist, owner);
  for (let track = 0; track < 3; track += 1) {
    await (await artist.publishTrack(`meta-${track}`, `audio-${track}`, ZeroHash, ZeroHash, 1n)).wait();
  }
  return artist;
}

/**
 * Sends `count` tips, `perBlock` to a block with blocks `secondsApart`, from listeners 1-3 in
 * turn, each tipping 0.001 ETH × (1 + track) to track (i % 3).
 */
async function sendTips(artist: ArtistContract, count: number, perBlock: number, secondsApart: number) {
  await provider.send('evm_setIntervalMining', [0]);
  await provider.send('evm_setAutomine', [false]);
  const listeners = [1, 2, 3].map(devWallet);
  const nonces = await Promise.all(listeners.map((w) => provider.getTransactionCount(w.address, 'pending')));
  const chainId = devnet.network.chainId;
  for (let sent = 0; sent < count;) {
    const batch = [];
    for (let i = 0; i < perBlock && sent < count; i += 1, sent += 1) {
      const who = sent % 3;
      const listener = listeners[who] as Wallet;
      const track = sent % 3;
      const request = await artist.tip.populateTransaction(track, {
        value: parseEther('0.001') * BigInt(1 + track),
      });
      batch.push(
        listener.signTransaction({
          ...request,
          chainId,
          nonce: (nonces[who] as number)++,
          gasLimit: 120_000n,
          maxFeePerGas: 10n ** 10n,
          maxPriorityFeePerGas: 10n ** 9n,
        }),
      );
    }
    for (const signed of await Promise.all(batch)) await provider.send('eth_sendRawTransaction', [signed]);
    await provider.send('evm_increaseTime', [secondsApart]);
    await provider.send('evm_mine', []);
  }
  await provider.send('evm_setAutomine', [true]);
  await provider.send('evm_setIntervalMining', [1]);
}

async function openEarnings(page: Page): Promise<void> {
  // Leaving and coming back loads the earnings afresh.
  await page
    .getByRole('navigation', { name: 'Library sections' })
    .getByRole('button', { name: 'Songs' })
    .click();
  await page
    .getByRole('navigation', { name: 'Artist sections' })
    .getByRole('button', { name: 'Earnings' })
    .click();
  await page.getByRole('heading', { name: 'Earnings' }).waitFor();
}

test('an artist sees one tip as a dated point with its amount, as CSV too, then a thousand tips as one line per track', async () => {
  const artist = await artistWithTracks();
  session = await openE2eSession({ market: testMarket(devnet.networkFile, { syncIntervalMs: 60_000 }) });
  const { page } = session;
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await setUpDevelopmentWallet(page, 0, 'correct horse battery staple');

  await openEarnings(page);
  await page.getByText('No tips yet. They appear here as listeners unlock your tracks.').waitFor();

  // One tip: a point on the chart, its amount in the legend and the table, its date in words.
  await sendTips(artist, 1, 1, 60);
  await openEarnings(page);
  const chart = page.getByRole('img', {
    name: /^Chart of total tips per track over time: 1 track, 1 tip from /,
  });
  await chart.waitFor();
  const perTrack = page.getByRole('table', { name: 'Tips per track' });
  const row = perTrack.getByRole('row', { name: /Track 0/ });
  assert.match(await row.innerText(), /Track 0\s+1\s+0\.001 ETH\s+\w{3} \d{1,2}, \d{4}/);
  assert.equal(await page.getByTestId('earnings-total').innerText(), '0.001 ETH');
  // uPlot's live legend is the tooltip: hovering over the tip shows its amount there.
  const canvas = page.locator('.tip-plot .u-over');
  const box = await canvas.boundingBox();
  assert.ok(box, 'the chart is laid out');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.tip-plot .u-legend').getByText('0.001 ETH').waitFor();
  await saveScreenshot(page, 'earnings-one-tip');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');

  await page.getByRole('button', { name: 'Show every tip' }).click();
  const everyTip = page.getByRole('table', { name: 'Every tip, newest first' });
  assert.match(
    await everyTip.innerText(),
    /Track 0\s+0\.001 ETH\s+0x70997970C51812dc3A010C7d01b50e0d17dc79C8/,
  );

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'busker-tips.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const [header, line, ...rest] = csv.split('\r\n');
  assert.equal(header, 'Date (UTC),Track,Amount (ETH),Transaction,Tipper');
  assert.match(
    line ?? '',
    /^\d{4}-\d\d-\d\dT[\d:.]+Z,Track 0,0\.001,0x[0-9a-f]{64},0x70997970C51812dc3A010C7d01b50e0d17dc79C8$/,
  );
  assert.deepEqual(rest, ['']);

  // A thousand tips across three tracks, twenty a block, six hours apart.
  await sendTips(artist, 999, 20, 6 * 3600);
  await openEarnings(page);
  await page.getByRole('img', { name: /3 tracks, 1000 tips from / }).waitFor();
  assert.match(
    await perTrack.getByRole('row', { name: /Track 0/ }).innerText(),
    /Track 0\s+334\s+0\.334 ETH/,
  );
  assert.match(
    await perTrack.getByRole('row', { name: /Track 1/ }).innerText(),
    /Track 1\s+333\s+0\.666 ETH/,
  );
  assert.match(
    await perTrack.getByRole('row', { name: /Track 2/ }).innerText(),
    /Track 2\s+333\s+0\.999 ETH/,
  );
  assert.equal(await page.getByTestId('earnings-total').innerText(), '1.999 ETH');
  assert.equal(await page.locator('.tip-plot .u-legend .u-series').count(), 4, 'dates and three tracks');
  await saveScreenshot(page, 'earnings-thousand-tips');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');

  assert.deepEqual(session.pageErrors, []);
  assert.deepEqual(
    consoleErrors.filter((text) => /Content Security Policy/i.test(text)),
    [],
    'no CSP violation',
  );
});
