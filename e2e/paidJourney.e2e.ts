/**
 * The paid journey end to end, in Debian's Chromium against two headless hosts (artist and
 * listener, each with its own data folder and Helia peer), one anvil and one key server: the
 * artist publishes three generated tracks; the listener tips one, watches it confirm, hears it and
 * seeks; the other two stay locked. With the artist and the key server gone, the listener restarts
 * and the track still plays. Screenshots of each view go to .test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { MarketOptions } from '../core/app/marketOptions';
import { writeNetworkFile } from '../protocol/networkFile';
import { KeyServerHarness, type TestServer } from '../keyserver/testing/keyServerHarness';
import { startBackend, type TestBackend } from '../keyserver/testing/testDatabases';
import { runTool } from '../testkit/audioFixtures';
import { openE2eSession, testMarket, type E2eSession } from './support/browserSession';
import { setUpDevelopmentWallet } from './support/walletSetup';
import * as view from './support/trackListView';

const signalLevel = 0.01;
const trackSeconds = 20;
const titles = ['Harbour Lights', 'Night Bus', 'Paper Moon'];
const screenshotDir = resolve('.test-results/screenshots');

/** What support/outputProbe.browser.js puts on the page's window. */
interface OutputProbe {
  level(): number;
  currentTime(): number;
}

let root: string;
let keyDb: TestBackend;
let harness: KeyServerHarness;
let keyServer: TestServer | undefined;
let networkFile: string;
const sessions: E2eSession[] = [];

function marketOptions(peers: string[] = []): MarketOptions {
  return testMarket(networkFile, { peers, unlockRetry: { firstDelayMs: 200, maxDelayMs: 1_000 } });
}

async function openSession(dataDir: string, peers: string[] = []): Promise<E2eSession> {
  const session = await openE2eSession({ dataDir, market: marketOptions(peers) });
  sessions.push(session);
  return session;
}

async function closeSession(session: E2eSession): Promise<void> {
  sessions.splice(sessions.indexOf(session), 1);
  await session.close();
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `paid-journey-${name}.png`), fullPage: true });
}

async function waitForSound(page: Page): Promise<number> {
  await page.waitForFunction((level) => {
    const probe = (window as unknown as { __outputProbe: OutputProbe }).__outputProbe;
    return probe.level() > level;
  }, signalLevel);
  return (await page.evaluate('window.__outputProbe.level()')) as number;
}

async function playTitle(page: Page, title: string): Promise<void> {
  await view
    .trackGrid(page)
    .getByRole('row', { name: new RegExp(title) })
    .dblclick();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
    title,
  );
}

async function seekTo(page: Page, target: number): Promise<number> {
  await page.getByRole('slider', { name: 'Seek' }).fill(String(target));
  await page.waitForFunction((wanted) => {
    const time = (window as unknown as { __outputProbe: OutputProbe }).__outputProbe.currentTime();
    return time >= wanted - 0.5 && time <= wanted + 0.5;
  }, target);
  return (await page.evaluate('window.__outputProbe.currentTime()')) as number;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-paid-'));
  await mkdir(screenshotDir, { recursive: true });
  keyDb = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  // One-second blocks, so confirmations advance while the listener watches.
  await harness.fixture.provider.send('evm_setIntervalMining', [1]);
  keyServer = await harness.startServer({
    store: await (await keyDb.createDatabase()).open(),
    ownsStore: true,
    confirmations: 2,
  });
  networkFile = join(root, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
    keyServer: keyServer.url,
  });
  const musicDir = join(root, 'music');
  await mkdir(musicDir);
  await Promise.all(
    titles.map((title, index) =>
      runTool('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
        ...['-i', `sine=frequency=${330 + 110 * index}:sample_rate=22050:duration=${trackSeconds}`],
        ...['-metadata', `title=${title}`, '-metadata', 'artist=Busker Band', '-c:a', 'flac'],
        join(musicDir, `${title}.flac`),
      ]),
    ),
  );
});

after(async () => {
  for (const session of sessions.reverse()) await session.close();
  await keyServer?.close();
  await harness?.close();
  await keyDb?.stop();
  await rm(root, { recursive: true, force: true });
});

test('an artist publishes three tracks; a listener on another peer tips, hears one, and keeps it offline', async (t) => {
  const artistDir = join(root, 'artist');
  const listenerDir = join(root, 'listener');
  const pageErrors: string[] = [];

  // The artist: wallet, contract, three files at one price, each job done.
  const artist = await openSession(artistDir);
  const artistPage = artist.page;
  await setUpDevelopmentWallet(artistPage, 1, 'artist passphrase', () =>
    screenshot(artistPage, '00-artist-wallet'),
  );
  await artistPage
    .getByRole('navigation', { name: 'Artist sections' })
    .getByRole('button', { name: 'Publish' })
    .click();
  await artistPage.getByRole('heading', { name: 'Publish', exact: true }).waitFor();
  await artistPage.getByRole('textbox', { name: 'Artist name' }).fill('Busker Band');
  await screenshot(artistPage, '01-artist-become-artist');
  await artistPage.getByRole('button', { name: 'Become an artist' }).click();
  // The files are dragged in from a file manager, which offers them as file:// URLs.
  const files = titles.map((title) => join(root, 'music', `${title}.flac`));
  const dataTransfer = await artistPage.evaluateHandle(
    (urls) => {
      const transfer = new DataTransfer();
      transfer.setData('text/uri-list', urls.join('\r\n'));
      return transfer;
    },
    files.map((file) => pathToFileURL(file).href),
  );
  const publishPage = artistPage.getByRole('main');
  await publishPage.dispatchEvent('dragenter', { dataTransfer });
  await publishPage.dispatchEvent('drop', { dataTransfer });
  assert.equal(
    await artistPage.getByRole('textbox', { name: 'Files to publish' }).inputValue(),
    files.join('\n'),
  );
  await artistPage.getByRole('textbox', { name: 'Price in ETH' }).fill('0.01');
  await artistPage
    .getByRole('form', { name: 'Publish tracks' })
    .getByRole('button', { name: 'Publish', exact: true })
    .click();
  const jobs = artistPage.getByRole('list', { name: 'Publishing' });
  for (const title of titles) {
    await jobs.locator(`li[aria-label="${title}.flac"][data-step="done"]`).waitFor({ timeout: 120_000 });
  }
  await screenshot(artistPage, '02-artist-published');

  // The listener: its own wallet and peer, three locked tracks at the artist's price.
  let listener = await openSession(listenerDir, await artist.backend.peerAddresses());
  let page = listener.page;
  await setUpDevelopmentWallet(page, 2, 'listener passphrase');
  const tipButton = (title: string) =>
    page.getByRole('button', { name: `Tip & unlock ${title} for 0.01 ETH`, exact: true });
  for (const title of titles) await tipButton(title).waitFor({ timeout: 60_000 });
  await screenshot(page, '03-listener-locked');

  // Every status text the row shows is recorded, so a short-lived one cannot be missed.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __unlockSteps: string[] }).__unlockSteps = seen;
    new MutationObserver(() => {
      for (const step of document.querySelectorAll('.unlock-step')) {
        const text = step.textContent ?? '';
        if (seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const [chosen, ...others] = titles as [string, ...string[]];
  await tipButton(chosen).click();
  // The tip is confirmed first; unlocked, the track starts playing by itself.
  const confirm = page.getByRole('dialog', { name: 'Tip and unlock' });
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.getByRole('progressbar', { name: `Unlocking ${chosen}` }).waitFor();
  await page.getByRole('checkbox', { name: `Keep offline: ${chosen}` }).waitFor({ timeout: 60_000 });
  const steps = (await page.evaluate('window.__unlockSteps')) as string[];
  t.diagnostic(`unlock steps shown: ${steps.join(' → ')}`);
  // One block a second and a poll every fraction of one: the count is seen rising, never falling.
  const counts = steps.flatMap((step) => /^Confirming ([0-2])\/2$/.exec(step)?.[1] ?? []).map(Number);
  assert.ok(new Set(counts).size >= 2, `the row counted the confirmations up: ${steps.join(' → ')}`);
  assert.deepEqual(
    counts,
    [...counts].sort((a, b) => a - b),
    'the confirmation count only rises',
  );
  await screenshot(page, '04-listener-unlocked');

  await playTitle(page, chosen);
  assert.ok((await waitForSound(page)) > signalLevel);
  const landed = await seekTo(page, 12);
  assert.ok(Math.abs(landed - 12) <= 0.5, `landed at ${landed}`);
  await waitForSound(page);
  await screenshot(page, '05-listener-playing');
  for (const title of others) await tipButton(title).waitFor();
  await page.getByRole('button', { name: 'Pause' }).click();

  const offline = page.getByRole('checkbox', { name: `Keep offline: ${chosen}` });
  // The box follows the host's answer, so it turns checked once the track is pinned.
  if (!(await offline.isChecked())) await offline.click();
  await page.waitForFunction(
    (name) =>
      (document.querySelector(`input[aria-label="${name}"]`) as HTMLInputElement | null)?.checked === true,
    `Keep offline: ${chosen}`,
  );

  // The artist sees the tip in the earnings.
  await artistPage
    .getByRole('navigation', { name: 'Artist sections' })
    .getByRole('button', { name: 'Earnings' })
    .click();
  await artistPage.getByRole('heading', { name: 'Earnings', exact: true }).waitFor();
  await artistPage.waitForFunction(
    () => document.querySelector('[data-testid="earnings-total"]')?.textContent?.startsWith('0.01') === true,
  );
  await screenshot(artistPage, '06-artist-earnings');

  // Publish once: the same file again is refused with the track it is, and a second copy is
  // offered only behind a confirmation (cancelled here: the listener's catalogue stays three).
  await artistPage
    .getByRole('navigation', { name: 'Artist sections' })
    .getByRole('button', { name: 'Publish' })
    .click();
  await artistPage.getByRole('textbox', { name: 'Files to publish' }).fill(files[0]!);
  await artistPage.getByRole('textbox', { name: 'Price in ETH' }).fill('0.01');
  await artistPage
    .getByRole('form', { name: 'Publish tracks' })
    .getByRole('button', { name: 'Publish', exact: true })
    .click();
  const refused = artistPage.getByRole('list', { name: 'Files not published' });
  await refused.getByText(/You published this file already: it is track \d+ of your catalogue/).waitFor();
  const fileName = `${titles[0]}.flac`;
  await refused.getByRole('button', { name: `Publish a second copy of ${fileName}` }).click();
  const secondCopy = refused.getByRole('group', { name: `Confirm a second copy of ${fileName}` });
  await secondCopy.getByText('Listeners will see two tracks with the same audio', { exact: false }).waitFor();
  await screenshot(artistPage, '06b-artist-second-copy');
  await secondCopy.getByRole('button', { name: 'Cancel' }).click();
  await secondCopy.waitFor({ state: 'detached' });
  assert.equal(await jobs.getByRole('listitem').count(), titles.length, 'no second copy without confirming');

  // The listener keeps the cache small: the pinned track is kept whatever the limit.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Cache size limit (MB)').fill('1');
  await settings.getByRole('button', { name: 'Save cache limit' }).click();
  await settings.getByText('The limit must be at least 64 MB.').waitFor();
  await settings.getByLabel('Cache size limit (MB)').fill('64');
  await settings.getByRole('button', { name: 'Save cache limit' }).click();
  await settings.getByTestId('cache-usage').filter({ hasText: 'used of 64 MB.' }).waitFor();
  await screenshot(page, '07-listener-settings');
  await settings.getByRole('button', { name: 'Close' }).click();
  await settings.waitFor({ state: 'detached' });

  // The artist's host and the key server go away; the listener restarts on the same folder.
  pageErrors.push(...artist.pageErrors, ...listener.pageErrors);
  await closeSession(artist);
  await keyServer?.close();
  keyServer = undefined;
  await closeSession(listener);

  listener = await openSession(listenerDir);
  page = listener.page;
  await page.getByRole('region', { name: 'Wallet' }).getByRole('button', { name: 'Unlock wallet' }).click();
  const unlock = page.getByRole('dialog', { name: 'Unlock your wallet' });
  await unlock.getByLabel('Passphrase', { exact: true }).fill('listener passphrase');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await unlock.waitFor({ state: 'detached' });
  await page.getByRole('checkbox', { name: `Keep offline: ${chosen}` }).waitFor();
  await playTitle(page, chosen);
  assert.ok((await waitForSound(page)) > signalLevel);
  await screenshot(page, '08-listener-offline');
  for (const title of others) await tipButton(title).waitFor();

  pageErrors.push(...listener.pageErrors);
  assert.deepEqual(pageErrors, []);
});
