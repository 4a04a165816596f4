/**
 * The key server is down when a listener tips, provoked for real (the server is stopped) against a
 * listener's headless host in Debian's Chromium, a devnet and an artist who published a track:
 * - the tip is paid once; the row says it is paid and waits for its key, and the list says in
 *   words that the key server does not answer and that nothing is paid again;
 * - the key server starts again on the same address with the same data; Busker asks again by
 *   itself (no click), the row says "Unlocked" and the track plays;
 * - the chain holds exactly one tip from this listener, and the artist earned one price.
 * A screenshot and an axe check of the waiting state and of the recovered one go with the results.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { id, parseEther, toQuantity, zeroPadValue } from 'ethers';
import type { Page } from 'playwright-core';
import type { E2eSession } from './support/browserSession';
import { marketRigForTests } from './support/marketRig';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

const title = 'Harbour Lights';
// The rig closes the listeners it opened.
const rig = marketRigForTests({ titles: [title], priceEth: '0.01' });
let listener: E2eSession | undefined;

async function checkPage(page: Page, shot: string): Promise<void> {
  await saveScreenshot(page, `key-server-down-${shot}`);
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${shot}`);
}

/** Every Tipped event this listener sent, on any artist contract. */
async function tipsFrom(address: string): Promise<number> {
  const logs = await rig().harness.fixture.provider.getLogs({
    fromBlock: 0,
    toBlock: 'latest',
    topics: [id('Tipped(uint256,address,uint256)'), null, zeroPadValue(address, 32)],
  });
  return logs.length;
}

test('a tip paid while the key server is down waits for its key, is not paid again, and unlocks when it is back', async () => {
  const opened = await rig().openWalletListener();
  listener = opened.listener;
  const { page } = listener;
  const { address } = opened;
  const provider = rig().harness.fixture.provider;
  await provider.send('anvil_setBalance', [address, toQuantity(parseEther('1'))]);
  const tipButton = rig().tipButton(page, title);

  await rig().stopKeyServer();
  await tipButton.click();
  const dialog = page.getByRole('dialog', { name: 'Tip and unlock' });
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Paid, then refused a key: the list says why in words, the row that it is paid and waits.
  const waiting = page.getByRole('status', { name: 'Unlocks waiting for a key' }).getByRole('listitem');
  await waiting.waitFor({ timeout: 90_000 });
  assert.match(
    await waiting.innerText(),
    new RegExp(
      `^“${title}” is waiting for its key\\. The key server at http://127\\.0\\.0\\.1:[0-9]+/? does not answer\\. ` +
        'Check your connection; Busker will try again\\. Your tip is paid and recorded on chain: the key is ' +
        'fetched as soon as the key server answers, and nothing is paid again\\.$',
    ),
  );
  const row = view.trackGrid(page).getByRole('row', { name: new RegExp(title) });
  assert.ok(await row.getByText('Paid, waiting for key').isVisible());
  assert.equal(await page.getByRole('alert', { name: 'Unlock problems' }).getByRole('listitem').count(), 0);
  assert.equal(await tipsFrom(address), 1, 'one tip on chain while the key server is down');
  await checkPage(page, '01-waiting-for-key');

  // Several more tries fail while it stays down; none of them tips again.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  assert.ok(await waiting.isVisible(), 'still waiting while the key server is down');
  assert.equal(await tipsFrom(address), 1, 'still one tip');

  // Back on the same address with the same keys: the unlock completes by itself and plays.
  await rig().restartKeyServer();
  await row.getByText('Unlocked', { exact: true }).waitFor({ timeout: 120_000 });
  await waiting.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
    title,
  );
  assert.equal(await tipsFrom(address), 1, 'exactly one tip from this listener');
  assert.equal((await rig().artist.api.earnings()).totalWei, parseEther('0.01').toString(), 'paid once');
  await checkPage(page, '02-unlocked-after-restart');
  assert.deepEqual(listener.pageErrors, []);
});
