/**
 * Choosing a folder to import in the browser host, end to end in Debian's Chromium: the import
 * dialog browses the host's folders from the user's home (hidden ones left out), a path that does
 * not exist is refused in words and stays typed, and `~/Music` is read as the home's Music folder.
 * No serious axe violation; screenshots go to .test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runTool } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

let home: string;
let session: E2eSession | undefined;
const savedHome = process.env.HOME;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'busker-e2e-home-'));
  await mkdir(join(home, 'Music', 'Night Bus'), { recursive: true });
  await mkdir(join(home, 'Documents'));
  await mkdir(join(home, '.config'));
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'],
    ...['-metadata', 'title=Harbour Lights', '-metadata', 'artist=Busker Band'],
    join(home, 'Music', 'Night Bus', 'harbour.flac'),
  ]);
  // The host reads the user's home from HOME, as `busker serve` does.
  process.env.HOME = home;
});

after(async () => {
  process.env.HOME = savedHome;
  await session?.close();
  await rm(home, { recursive: true, force: true });
});

test('import in the browser host browses folders from home, keeps a wrong path with the reason, and reads ~/Music', async () => {
  session = await openE2eSession();
  const { page } = session;
  await page.getByRole('button', { name: 'Import folder' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import a folder' });
  const subfolders = dialog.getByRole('list', { name: `Subfolders of ${home}` });
  await subfolders.waitFor();
  assert.deepEqual(await subfolders.getByRole('button').allInnerTexts(), [
    '↑ Up to the parent folder',
    'Documents',
    'Music',
  ]);
  await saveScreenshot(page, 'browser-files-import-home');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');

  // A path that does not exist: the reason in words, and what was typed is still there.
  const field = dialog.getByLabel('Folder path');
  await field.fill('~/Musci');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog
    .getByRole('alert')
    .getByText(`The folder "${join(home, 'Musci')}" does not exist. Check the path and try again.`)
    .waitFor();
  assert.equal(await field.inputValue(), '~/Musci');
  await saveScreenshot(page, 'browser-files-import-wrong-path');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');

  // Browsing into Music fills in its path; ~/Music typed by hand imports the same folder.
  await dialog.getByRole('button', { name: 'Open Music' }).click();
  await dialog.getByRole('list', { name: `Subfolders of ${join(home, 'Music')}` }).waitFor();
  assert.equal(await field.inputValue(), join(home, 'Music'));
  await dialog.getByRole('button', { name: 'Open Night Bus' }).waitFor();
  await field.fill('~/Music');
  await dialog.getByRole('button', { name: 'Show this folder' }).click();
  await dialog.getByTestId('folder-browser-path').getByText(join(home, 'Music'), { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  const summary = page.getByRole('status').filter({ hasText: 'Import finished' });
  await summary.waitFor();
  assert.match(await summary.innerText(), new RegExp(`${join(home, 'Music')}[\\s\\S]*1\\s+added`));
  await saveScreenshot(page, 'browser-files-imported');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');
  assert.deepEqual(session.pageErrors, []);
});
