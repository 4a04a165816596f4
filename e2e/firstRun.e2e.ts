/**
 * The first run offers joining a network in plain words, in Debian's Chromium against the headless
 * host with an empty library and no network: the welcome names what Busker is and offers "Import
 * your music" and "Join a network". "Not now" (by keyboard) hides the offer for good, across a
 * reload; joining the devnet from the offer hides it too. Screenshots and axe checks go with it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startDevnet, type Devnet } from '../devnet/devnet';
import { startDevnetKeyServer } from '../keyserver/devnetKeyServer';
import { openNoNetworkSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

let root: string;
let devnet: Devnet;
const sessions: E2eSession[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-first-run-'));
  devnet = await startDevnet({
    networkFile: join(root, 'devnet', 'network.json'),
    keyServer: startDevnetKeyServer,
  });
});

after(async () => {
  for (const session of sessions) await session.close();
  await devnet?.stop();
  await rm(root, { recursive: true, force: true });
});

async function newcomer(): Promise<E2eSession> {
  const session = await openNoNetworkSession(root);
  sessions.push(session);
  return session;
}

const offer = (page: Page) => page.getByRole('region', { name: 'Join a network' });

async function checkPage(page: Page, shot: string): Promise<void> {
  await saveScreenshot(page, `first-run-${shot}`);
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${shot}`);
}

test('the first run offers importing music and joining a network; "Not now" hides the offer for good', async () => {
  const { page, pageErrors } = await newcomer();
  const welcome = page.getByRole('region', { name: 'Welcome to Busker' });
  await welcome.waitFor();
  await offer(page).waitFor();
  assert.match(await welcome.innerText(), /plays the music on your computer, offline/);
  await welcome.getByRole('heading', { name: 'Import your music' }).waitFor();
  assert.ok(await welcome.getByRole('button', { name: 'Import a folder of music' }).isVisible());
  assert.match(
    await offer(page).innerText(),
    /^Join a network\n+Busker is not connected to a network, and your music plays without one\. Joining a network lets you find tracks other artists publish, tip them to unlock those tracks, and publish your own\./,
  );
  assert.doesNotMatch(await page.locator('body').innerText(), /network\.json|npm |devnet/);
  await checkPage(page, '01-welcome-offers');

  const notNow = offer(page).getByRole('button', { name: 'Not now' });
  await notNow.focus();
  await page.keyboard.press('Enter');
  await offer(page).waitFor({ state: 'detached' });
  assert.ok(await welcome.getByRole('button', { name: 'Import a folder of music' }).isVisible());
  await page.reload();
  await welcome.waitFor();
  await page.getByRole('region', { name: 'Wallet' }).getByTestId('wallet-network').waitFor();
  assert.equal(await offer(page).count(), 0, 'not shown again after a reload');
  await checkPage(page, '02-offer-dismissed');
  assert.deepEqual(pageErrors, []);
});

test('joining from the offer joins the network, and the offer is gone', async () => {
  const { page, pageErrors } = await newcomer();
  await offer(page).getByRole('button', { name: 'Join a network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const address = (devnet.description.keyServer ?? '').replace(/^http:\/\//, '');
  await dialog.getByLabel('Key server address').fill(address);
  await dialog.getByRole('button', { name: 'Join network' }).click();
  await dialog
    .getByTestId('network-joined')
    .getByText(/Joined Busker Devnet/)
    .waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('wallet-network').getByText('Busker Devnet', { exact: true }).waitFor();
  await page.locator('.connection-status', { hasText: 'Network: connected' }).waitFor();
  await offer(page).waitFor({ state: 'detached' });
  await page.getByRole('region', { name: 'Welcome to Busker' }).waitFor();
  await checkPage(page, '03-joined');
  assert.deepEqual(pageErrors, []);
});
