/**
 * Settings → Network keeps a pinning token for the network's seeds, in Debian's Chromium against
 * the headless host: refused in words before there is a wallet to seal it with, saved as a secret
 * once there is one (the page only learns that one is saved, never the token), and removed.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PINNING_TOKENS_FILE } from '../core/app/pinningTokens';
import { setUpDevelopmentWallet } from './support/walletSetup';
import { openE2eSession, testMarket } from './support/browserSession';
import { devnetForTests } from './support/devnetForTests';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

const token = 'e2e-pinning-token-5c1d';
const setUp = devnetForTests('busker-e2e-pin-token-');

test('a pinning token is saved as a secret from Settings, never shown back, and removed', async () => {
  const dataDir = join(setUp.root, 'app');
  const session = (setUp.session = await openE2eSession({
    dataDir,
    market: testMarket(join(setUp.root, 'devnet', 'network.json')),
  }));
  const { page } = session;
  const openSettings = async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('heading', { name: 'Pinning token' }).waitFor();
    return dialog;
  };

  // No wallet yet: nothing to seal the token with, and the app says what to do first.
  let settings = await openSettings();
  await settings.getByText('No pinning token: needed only when', { exact: false }).waitFor();
  await settings.getByRole('textbox', { name: 'Pinning token', exact: true }).fill('two words');
  await settings.getByRole('button', { name: 'Save pinning token' }).click();
  await settings.getByText(/printable text without spaces/).waitFor();
  await settings.getByRole('textbox', { name: 'Pinning token', exact: true }).fill(token);
  await settings.getByRole('button', { name: 'Save pinning token' }).click();
  await settings.getByRole('alert').getByText('Set up a wallet first: create one or import one.').waitFor();
  await settings.getByRole('button', { name: 'Close' }).click();

  await setUpDevelopmentWallet(page, 1, 'pinning passphrase');

  settings = await openSettings();
  await settings.getByRole('textbox', { name: 'Pinning token', exact: true }).fill(token);
  await settings.getByRole('button', { name: 'Save pinning token' }).click();
  const state = settings.getByTestId('pinning-token-state');
  await state.getByText("A pinning token is saved for this network's seeds.").waitFor();
  assert.equal(await settings.getByRole('textbox', { name: 'Replace pinning token' }).inputValue(), '');
  await saveScreenshot(page, 'pinning-token-saved');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');
  // The page holds no copy of the token, and the data folder holds only a sealed one.
  assert.ok(!(await page.content()).includes(token));
  assert.ok(!(await readFile(join(dataDir, PINNING_TOKENS_FILE), 'utf8')).includes(token));

  await settings.getByRole('button', { name: 'Remove pinning token' }).click();
  await state.getByText('No pinning token: needed only when', { exact: false }).waitFor();
  assert.deepEqual(session.pageErrors, []);
});
