/**
 * The market's failures, provoked for real, end to end in Debian's Chromium against a listener's
 * headless host, a devnet, a key server and an artist who published two tracks:
 * - Tip & unlock asks for a confirmation naming the amount, the artist and the fee (reached by
 *   keyboard: Enter on the row's button, Space on Confirm); from an empty wallet the tip is refused
 *   in ETH with the address to fund, in view and announced, and nothing is paid; after funding,
 *   "Try again" pays once, the row says "Unlocked" and the track plays; "Keep offline" is explained.
 * - After a restart the wallet is locked: playing the bought track asks for the passphrase in the
 *   player, then plays.
 * - With the artist's computer gone, an unlocked track no peer holds is said to be unreachable
 *   (never "format") within a bounded time, and the player is not stuck.
 * Screenshots of each state and an axe check of each go with the test results.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseEther, toQuantity } from 'ethers';
import type { Page } from 'playwright-core';
import type { E2eSession } from './support/browserSession';
import { marketRigForTests } from './support/marketRig';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

const titles = ['Harbour Lights', 'Night Bus'];
// The rig closes the listeners it opened.
const rig = marketRigForTests({ titles, priceEth: '0.01' });
let listener: E2eSession | undefined;

const tipButton = (page: Page, title: string) => rig().tipButton(page, title);

async function checkPage(page: Page, shot: string): Promise<void> {
  await saveScreenshot(page, `tip-confirm-${shot}`);
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${shot}`);
}

test('a tip is confirmed first; an empty wallet is told in ETH what to do; after funding it pays once and plays', async () => {
  const opened = await rig().openWalletListener();
  listener = opened.listener;
  const { page } = listener;
  const { address } = opened;
  const provider = rig().harness.fixture.provider;
  const [chosen] = titles as [string, ...string[]];

  // Enter on the focused button opens the confirmation; the list does not take the key.
  await tipButton(page, chosen).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Tip and unlock' });
  await dialog.waitFor();
  const summary = dialog.locator('#tip-confirm-summary');
  await summary.waitFor();
  assert.match(
    await summary.innerText(),
    new RegExp(
      `^Tip 0\\.01 ETH to ${rig().artistName} \\(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\\) for “${chosen}”\\? ` +
        'Network fee about 0\\.0[0-9]* ETH\\.$',
    ),
  );
  assert.match(
    await dialog.getByRole('alert').innerText(),
    /^Your wallet has 0 ETH, less than the 0\.01[0-9]* ETH/,
  );
  assert.equal(await view.nowPlayingTitle(page).count(), 0, 'Enter did not play the locked row');
  // Cancel has the focus (a second Enter spends nothing); Tab reaches Confirm, Space presses it.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel');
  await checkPage(page, '01-confirm-empty-wallet');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Confirm');
  await page.keyboard.press(' ');
  await dialog.waitFor({ state: 'detached' });

  // Refused before anything was sent: the reason in ETH, in view and announced, in the strip.
  const problems = page.getByRole('alert', { name: 'Unlock problems' });
  const problem = problems.getByRole('listitem');
  await problem.waitFor({ timeout: 60_000 });
  const said = await problem.innerText();
  assert.match(
    said,
    new RegExp(
      `^“${chosen}” is not unlocked\\. Your wallet has 0 ETH; a tip of 0\\.01 ETH plus about 0\\.0[0-9]* ETH ` +
        `network fee is needed\\. Nothing was paid\\. Add funds to ${address}, then try again\\.$`,
    ),
  );
  assert.ok(await problem.isVisible());
  const row = view.trackGrid(page).getByRole('row', { name: new RegExp(chosen) });
  assert.ok(await row.getByText('Not unlocked').isVisible());
  assert.equal(await provider.getBalance(address), 0n);
  assert.equal((await rig().artist.api.earnings()).totalWei, '0');
  await checkPage(page, '02-empty-wallet-refused');

  // Funded, the listener tries again: one tip, the row says "Unlocked", the track plays.
  await provider.send('anvil_setBalance', [address, toQuantity(parseEther('1'))]);
  await row.getByRole('button', { name: `Try again: tip & unlock ${chosen} for 0.01 ETH` }).click();
  await dialog.waitFor();
  await summary.waitFor();
  assert.equal(await dialog.getByRole('alert').count(), 0, 'no warning once funded');
  await dialog.getByRole('button', { name: 'Confirm' }).focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await row.getByText('Unlocked', { exact: true }).waitFor({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
    chosen,
  );
  assert.equal(await problem.count(), 0, 'the failure is cleared by the success');

  const earnings = await rig().artist.api.earnings();
  assert.equal(earnings.totalWei, parseEther('0.01').toString(), 'paid once');
  const left = await provider.getBalance(address);
  assert.ok(left < parseEther('0.99') && left > parseEther('0.98'), `left ${left}`);

  // "Keep offline" is a labelled box with its explanation.
  const keep = page.getByRole('checkbox', { name: `Keep offline: ${chosen}` });
  const description = await keep.evaluate((box) =>
    (box.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
  assert.match(description, /plays with no network/);
  await checkPage(page, '03-unlocked-playing');
  assert.deepEqual(listener.pageErrors, []);
});

test('after a restart the wallet is locked: playing the bought track asks for the passphrase in the player, then plays', async () => {
  assert.ok(listener, 'the listener of the first test');
  await listener.close();
  listener = await rig().openListener(join(rig().root, 'listener'));
  const { page } = listener;
  const [chosen] = titles as [string, ...string[]];
  const row = view.trackGrid(page).getByRole('row', { name: new RegExp(chosen) });
  await row.getByText('Unlocked', { exact: true }).waitFor({ timeout: 60_000 });
  await row.dblclick();

  // The host refused the key (the wallet is locked): the player says so, in words, and stops.
  const problem = page.getByRole('alert', { name: 'Playback problem' });
  await problem.waitFor({ timeout: 60_000 });
  assert.match(
    await problem.locator('.player-problem__message').innerText(),
    new RegExp(`^“${chosen}” cannot play yet\\. Your wallet is locked .*Unlock the wallet to play it\\.$`),
  );
  assert.doesNotMatch(await page.locator('body').innerText(), /format/);
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await checkPage(page, '04-locked-wallet-asks');

  // A wrong passphrase is said so in place; the right one unlocks and the track plays.
  const passphrase = problem.getByLabel('Wallet passphrase');
  await passphrase.fill('not the passphrase');
  await passphrase.press('Enter');
  await problem.locator('.form-error').waitFor();
  await checkPage(page, '05-locked-wallet-wrong-passphrase');
  await passphrase.fill('listener passphrase');
  await problem.getByRole('button', { name: 'Unlock and play' }).click();
  await problem.waitFor({ state: 'detached', timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForFunction(
    () => (window as unknown as { __outputProbe: { level(): number } }).__outputProbe.level() > 0.01,
  );
  await checkPage(page, '06-locked-wallet-playing');
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.deepEqual(listener.pageErrors, []);
});

test('a track no reachable peer holds: the player says it cannot be reached, not "format", and is not stuck', async () => {
  assert.ok(listener, 'the listener of the earlier tests');
  const { page } = listener;
  const [played, unreachable] = titles as [string, string];
  // The artist's computer goes away; nothing else holds the second track.
  await rig().closeArtist();
  await tipButton(page, unreachable).click();
  const dialog = page.getByRole('dialog', { name: 'Tip and unlock' });
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'detached' });
  // Unlocked, it starts, and fails within the host's bounded wait: the player names the cause.
  const problem = page.getByRole('alert', { name: 'Playback problem' });
  await problem
    .getByText(
      new RegExp(`^Couldn't play “${unreachable}”\\. It cannot be reached now: .*no peer that holds it`),
    )
    .waitFor({ timeout: 120_000 });
  assert.doesNotMatch(await page.locator('body').innerText(), /format/);
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await checkPage(page, '07-content-unreachable');
  // The player is not stuck: the next track asked for plays, with no reload.
  await view
    .trackGrid(page)
    .getByRole('row', { name: new RegExp(played) })
    .dblclick();
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
    played,
  );
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await problem.waitFor({ state: 'detached' });
  assert.deepEqual(listener.pageErrors, []);
});
