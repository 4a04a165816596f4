/**
 * "Notify when the song changes" in a browser, in Debian's Chromium against the headless host:
 * off by default, Busker never asks for the permission on its own; turning it on asks, a refusal
 * is said and leaves it off, and an allowed one turns it on and is kept across a reload.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

let session: E2eSession;
let page: Page;

before(async () => {
  session = await openE2eSession();
  page = session.page;
  await page.setViewportSize({ width: 1280, height: 800 });
});

after(async () => {
  await session?.close();
});

async function openSettings() {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.waitFor();
  return { settings, toggle: settings.getByRole('checkbox', { name: 'Notify when the song changes' }) };
}

test('off by default in a browser; a refused permission is said and leaves it off', async () => {
  const { settings, toggle } = await openSettings();
  assert.equal(await toggle.isChecked(), false);
  assert.equal(await page.evaluate(() => Notification.permission), 'default', 'nothing was asked');
  assert.deepEqual(await seriousAxeViolations(page), []);
  await saveScreenshot(page, 'trackNotifications-settings');

  await toggle.click();
  await page.getByText('does not allow Busker’s notifications').waitFor();
  assert.equal(await toggle.isChecked(), false);
  await settings.getByRole('button', { name: 'Close' }).click();
});

test('with the permission allowed it turns on, and a reload keeps it', async () => {
  await page.context().grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
  let { toggle } = await openSettings();
  await toggle.click();
  await page.waitForFunction(() =>
    Boolean(document.querySelector<HTMLInputElement>('input[type="checkbox"]:checked')),
  );
  await page.reload();
  ({ toggle } = await openSettings());
  assert.equal(await toggle.isChecked(), true);
  assert.deepEqual(session.pageErrors, []);
});
