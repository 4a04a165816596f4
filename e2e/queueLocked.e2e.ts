/**
 * A catalogue track queued before it is unlocked, end to end in Debian's Chromium against a
 * listener's headless host, a devnet, a key server and an artist who published two tracks: the
 * queue shows its price and "Locked" where a playable track shows its length, as the track list
 * does, and the queue panel passes axe at 1280×800 and 800×600.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { E2eSession } from './support/browserSession';
import { marketRigForTests } from './support/marketRig';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

const titles = ['Harbour Lights', 'Night Bus'];
// The rig closes the listeners it opened.
const rig = marketRigForTests({ titles, priceEth: '0.01' });
let listener: E2eSession | undefined;

test('a locked catalogue track added to the queue shows its price and “Locked” there', async () => {
  ({ listener } = await rig().openWalletListener());
  const { page } = listener;
  await page.setViewportSize({ width: 1280, height: 800 });
  const [locked] = titles as [string, ...string[]];

  const row = view.trackRows(page).filter({ has: page.locator('.track-row__title', { hasText: locked }) });
  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Add to queue', exact: true }).click();
  await page.getByRole('button', { name: 'Show queue' }).click();
  const entry = page.getByRole('list', { name: 'Queued tracks' }).getByRole('listitem').first();
  await entry.locator('.queue-item__title', { hasText: locked }).waitFor();
  const badge = entry.locator('.queue-item__lock');
  await badge.waitFor();
  assert.equal(await badge.textContent(), 'Locked: 0.01 ETH');
  assert.match((await entry.locator('.queue-item__main').textContent()) ?? '', /Locked: 0\.01 ETH$/);
  assert.equal(await entry.locator('.queue-item__duration').count(), 0, 'no length in place of the price');
  assert.equal(await view.nowPlayingTitle(page).count(), 0, 'nothing started playing');

  for (const [width, height] of [
    [1280, 800],
    [800, 600],
  ] as const) {
    await page.setViewportSize({ width, height });
    await badge.waitFor();
    await saveScreenshot(page, `queue-locked-${width}x${height}`);
    assert.deepEqual(await seriousAxeViolations(page), [], `axe at ${width}×${height}`);
  }
  assert.deepEqual(listener.pageErrors, []);
});
