/** Sets up a wallet through the wallet dialog, as a person does, in the end-to-end tests. */
import type { Page } from 'playwright-core';

/**
 * Takes anvil's development account `account` with `passphrase` (typed twice, as the form asks);
 * `beforeSubmit` runs once the form is filled in (a screenshot, say).
 */
export async function setUpDevelopmentWallet(
  page: Page,
  account: number,
  passphrase: string,
  beforeSubmit?: () => Promise<void>,
): Promise<void> {
  const wallet = page.getByRole('region', { name: 'Wallet' });
  await wallet.getByRole('button', { name: 'Set up wallet' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set up your wallet' });
  await dialog.getByRole('radio', { name: 'Use a development account' }).check();
  await dialog.getByRole('combobox', { name: 'Development account' }).selectOption(String(account));
  await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await dialog.getByLabel('Confirm passphrase').fill(passphrase);
  await beforeSubmit?.();
  await dialog.getByRole('button', { name: 'Set up wallet' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('wallet-address').waitFor();
}
