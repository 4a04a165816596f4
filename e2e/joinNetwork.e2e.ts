/**
 * The first run and joining a network, in Debian's Chromium against the headless host: with no
 * network at all the app says "Not connected — join a network" (never a file path or a command);
 * typing the devnet key server's address in Settings joins the devnet, and the app names it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openNoNetworkSession } from './support/browserSession';
import { devnetForTests } from './support/devnetForTests';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

const setUp = devnetForTests('busker-e2e-join-');

test('a newcomer sees "Not connected — join a network", joins the devnet by its key server address, and sees its name', async () => {
  const session = (setUp.session = await openNoNetworkSession(setUp.root));
  const { page } = session;
  const wallet = page.getByRole('region', { name: 'Wallet' });
  const networkLine = wallet.getByTestId('wallet-network');
  await networkLine.getByText('Not connected — join a network').waitFor();
  const firstRun = await page.locator('body').innerText();
  await saveScreenshot(page, 'join-network-first-run');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');
  assert.doesNotMatch(
    firstRun,
    /network\.json|npm |devnet|No network file/,
    'no file path or command on first run',
  );

  await wallet.getByRole('button', { name: 'Join a network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByTestId('network-current').getByText('Not connected — join a network').waitFor();

  const address = (setUp.devnet.description.keyServer ?? '').replace(/^http:\/\//, '');
  await dialog.getByLabel('Key server address').fill('127.0.0.1:9');
  await dialog.getByRole('button', { name: 'Join network' }).click();
  await dialog
    .getByRole('alert')
    .getByText(/No Busker key server answers at http:\/\/127\.0\.0\.1:9/)
    .waitFor();

  await dialog.getByLabel('Key server address').fill(address);
  await dialog.getByRole('button', { name: 'Join network' }).click();
  const joined = dialog.getByTestId('network-joined');
  await joined.getByText(/Joined Busker Devnet: chain 31337/).waitFor();
  assert.match(
    await joined.innerText(),
    new RegExp(`factory ${setUp.devnet.network.factory}, 0 seeds\\. Saved\\.`),
  );
  await dialog.getByTestId('network-current').getByText('Now: Busker Devnet (chain 31337)').waitFor();
  await saveScreenshot(page, 'join-network-joined');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await networkLine.getByText('Busker Devnet', { exact: true }).waitFor();
  await page.locator('.connection-status', { hasText: 'Network: connected' }).waitFor();
  assert.deepEqual(session.pageErrors, []);
});
