/**
 * Not connected is a state, not an error: in Debian's Chromium against a headless host whose
 * market has no network at all (none joined, no local network), every view opens with no error
 * toast, Settings loads at once and the cache size can be set. Screenshots and an axe check of
 * each view go with the test results.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runTool } from '../testkit/audioFixtures';
import { openNoNetworkSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

let root: string;
let session: E2eSession | undefined;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-no-network-'));
});

after(async () => {
  await session?.close();
  await rm(root, { recursive: true, force: true });
});

async function checkView(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `no-network-${name}`);
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${name}`);
  const errors = await page.locator('.notice--error').allInnerTexts();
  assert.deepEqual(errors, [], `no error toast on ${name}`);
}

test('with no network every view opens without an error, and Settings sets the cache size', async () => {
  session = await openNoNetworkSession(root);
  const { page, backend } = session;
  // A song in the library and a wallet: the views have something to show, and need the network.
  const music = join(root, 'music');
  await runTool('sox', ['-n', '-r', '22050', '-c', '1', join(root, 'tone.wav'), 'synth', '2', 'sine', '440']);
  await mkdir(music);
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-i', join(root, 'tone.wav')],
    ...['-metadata', 'title=Quiet Harbour', '-metadata', 'artist=Busker Band', '-metadata', 'album=Harbour'],
    join(music, 'quiet.flac'),
  ]);
  await backend.api.importFolder(music);
  await backend.api.setUpWallet({ kind: 'create', passphrase: 'listener passphrase' });
  await page.reload();
  await page.getByRole('row', { name: /Quiet Harbour/ }).waitFor();
  await page.getByTestId('wallet-network').getByText('Not connected — join a network').waitFor();
  await checkView(page, 'songs');

  const library = page.getByRole('navigation', { name: 'Library sections' });
  for (const section of ['Albums', 'Artists']) {
    await library.getByRole('button', { name: section, exact: true }).click();
    await page.getByRole('heading', { name: section, exact: true }).waitFor();
    await checkView(page, section.toLowerCase());
  }
  const artist = page.getByRole('navigation', { name: 'Artist sections' });
  for (const section of ['Publish', 'Earnings']) {
    await artist.getByRole('button', { name: section, exact: true }).click();
    await page.getByRole('heading', { name: section, exact: true }).waitFor();
    await checkView(page, section.toLowerCase());
  }

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByTestId('network-current').getByText('Not connected — join a network').waitFor();
  await settings.getByLabel('Cache size limit (MB)').fill('128');
  await settings.getByRole('button', { name: 'Save cache limit' }).click();
  await settings.getByTestId('cache-usage').filter({ hasText: 'used of 128 MB.' }).waitFor();
  assert.equal(await settings.getByRole('alert').count(), 0, 'no error in Settings');
  await checkView(page, 'settings');
  assert.deepEqual(session.pageErrors, []);
});
