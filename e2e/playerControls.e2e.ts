/**
 * The player's controls end to end, in Debian's Chromium against the headless host: the global
 * keyboard shortcuts (and that typing in the search box is not taken for them), the queue panel,
 * repeat one, a folder dropped on the window of a browser, and an import error in words.
 * The output probe (support/outputProbe.browser.js) tells what the audio really does.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeAudioFixtures, type AudioFixtures } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import * as view from './support/trackListView';

const signalLevel = 0.01;
/** Below this RMS level the output counts as silent (a playing fixture is around 0.5). */
const silenceLevel = 0.001;

/** What support/outputProbe.browser.js puts on the page's window. */
interface OutputProbe {
  level(): number;
  currentTime(): number;
  paused(): boolean;
  source(): string;
}

declare global {
  interface Window {
    __outputProbe: OutputProbe;
  }
}

describe('the player controls, in Chromium against the headless host', () => {
  let fixtures: AudioFixtures;
  let session: E2eSession;
  let page: Page;
  let fixturesDir: string;
  /** Track titles in list order, which is also the order of a queue started from the list. */
  let titles: string[];

  const trackRows = () => view.trackRows(page);
  const nowPlayingTitle = () => view.nowPlayingTitle(page);
  const rowTitles = () => view.rowTitles(page);
  const muteButton = () => page.getByRole('button', { name: 'Mute', exact: true });
  const repeatButton = () => page.getByRole('button', { name: 'Repeat', exact: true });
  const searchBox = () => page.getByRole('searchbox', { name: 'Search library' });
  const queueList = () => page.getByRole('list', { name: 'Queued tracks' });
  const libraryStats = () => page.getByRole('definition').filter({ hasText: /songs?$/ });
  const probe = <T>(fn: keyof OutputProbe) => page.evaluate(`window.__outputProbe.${fn}()`) as Promise<T>;

  /** Titles in the queue panel, in play order, once every one of them has loaded. */
  async function queueTitles(): Promise<string[]> {
    await page.waitForFunction(() => {
      const items = document.querySelectorAll('ol[aria-label="Queued tracks"] > li');
      return (
        items.length > 0 &&
        [...items].every((item) => item.querySelector('.queue-item__title')?.textContent !== 'Loading…')
      );
    });
    return queueList()
      .getByRole('listitem')
      .evaluateAll((items) =>
        items.map((item) => item.querySelector('.queue-item__title')?.textContent ?? ''),
      );
  }

  async function waitForSound(): Promise<void> {
    await page.waitForFunction((level) => window.__outputProbe.level() > level, signalLevel);
  }

  async function waitForNowPlaying(title: string): Promise<void> {
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
      title,
    );
  }

  /** Takes the focus off any widget, so keys go to the page as global shortcuts. */
  async function focusPageBody(): Promise<void> {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
  }

  before(async () => {
    fixturesDir = await mkdtemp(join(tmpdir(), 'busker-e2e-controls-'));
    fixtures = await makeAudioFixtures(fixturesDir);
    session = await openE2eSession();
    page = session.page;
    // Importing through the UI is journey 1's subject: here the library is simply there.
    titles = await view.importAndList(session, fixtures.dir, fixtures.tracks.length);
    assert.equal(titles.length, fixtures.tracks.length);
  });

  after(async () => {
    await session?.close();
    await rm(fixturesDir, { recursive: true, force: true });
  });

  test('Space pauses and resumes, and the audio follows', async () => {
    await trackRows().first().dblclick();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await waitForNowPlaying(titles[0]!);
    await waitForSound();
    await focusPageBody();

    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.waitForFunction(() => window.__outputProbe.paused());

    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForFunction(() => !window.__outputProbe.paused());
    await waitForSound();
  });

  test('a pause pressed while the play is still starting holds, and the next Space plays again', async () => {
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__outputProbe.paused());
    // Back to back: the pause arrives while the audio element's play() is still pending.
    await page.keyboard.press('Space');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.waitForFunction(() => window.__outputProbe.paused());

    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.waitForFunction(() => !window.__outputProbe.paused());
    await waitForSound();
  });

  test('→ and ← seek 5 seconds forward and back', async () => {
    // Paused, so that only the seek can move the time.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__outputProbe.paused());
    const start = await probe<number>('currentTime');

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((from) => window.__outputProbe.currentTime() !== from, start);
    const forward = await probe<number>('currentTime');
    assert.ok(forward - start >= 4 && forward - start <= 6, `→ moved from ${start} to ${forward}`);

    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((from) => window.__outputProbe.currentTime() !== from, forward);
    const back = await probe<number>('currentTime');
    assert.ok(forward - back >= 4 && forward - back <= 6, `← moved from ${forward} to ${back}`);

    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await waitForSound();
  });

  test('Ctrl+→ plays the next track', async () => {
    const before = await probe<string>('source');
    await page.keyboard.press('Control+ArrowRight');
    await waitForNowPlaying(titles[1]!);
    await page.waitForFunction(
      (previous) => window.__outputProbe.source() !== previous && !window.__outputProbe.paused(),
      before,
    );
    await waitForSound();
  });

  test('M mutes and unmutes: the Mute button says so and the output goes silent', async () => {
    assert.equal(await muteButton().getAttribute('aria-pressed'), 'false');
    await page.keyboard.press('m');
    await page.getByRole('button', { name: 'Mute', pressed: true }).waitFor();
    await page.waitForFunction((level) => window.__outputProbe.level() < level, silenceLevel);
    assert.equal(await probe<boolean>('paused'), false, 'muting does not pause');

    await page.keyboard.press('m');
    await page.getByRole('button', { name: 'Mute', pressed: false }).waitFor();
    await waitForSound();
  });

  test('? opens the keyboard shortcuts, which ignore keys while open, and Escape closes them', async () => {
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    assert.ok((await dialog.innerText()).includes('Play or pause'));

    // Keys under an open dialog are not shortcuts (focus is on its Close button, not a field).
    await page.keyboard.press('m');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Checked after the dialog is gone: a mute from the same press would have rendered by now.
    assert.equal(await muteButton().getAttribute('aria-pressed'), 'false', 'M did nothing under the dialog');
  });

  test('/ focuses the search box, and typing there is text, not shortcuts', async () => {
    await focusPageBody();
    await page.keyboard.press('/');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Search library');

    await page.keyboard.type('m');
    assert.equal(await searchBox().inputValue(), 'm', 'the slash that focused the box is not typed');
    // Wait until the search has run, so a shortcut fired by the same key would have shown too.
    await page.waitForFunction(
      (all) =>
        document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex]:not([aria-rowindex="1"])')
          .length < all,
      fixtures.tracks.length,
    );
    assert.equal(await muteButton().getAttribute('aria-pressed'), 'false', 'typing m did not mute');
    assert.equal(await probe<boolean>('paused'), false);

    // Escape clears the search from the box; the whole library comes back.
    await page.keyboard.press('Escape');
    assert.equal(await searchBox().inputValue(), '');
    await trackRows()
      .nth(fixtures.tracks.length - 1)
      .waitFor();
    assert.deepEqual(await rowTitles(), titles);
  });

  test('the queue panel marks the current track; a removed track is skipped by Next', async () => {
    const showQueue = page.getByRole('button', { name: 'Show queue' });
    await showQueue.click();
    await queueList().waitFor();
    assert.equal(await showQueue.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await queueTitles(), titles, 'the queue is the list it was started from');

    const current = queueList().locator('li[aria-current="true"]');
    assert.equal(await current.count(), 1);
    assert.equal(await current.locator('.queue-item__title').innerText(), titles[1]);

    const removed = titles[2]!;
    const items = queueList().getByRole('listitem');
    assert.equal(await items.nth(2).locator('.queue-item__title').textContent(), removed);
    await items.nth(2).getByRole('button', { name: 'Remove from queue' }).click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('ol[aria-label="Queued tracks"] > li').length === count,
      titles.length - 1,
    );
    assert.deepEqual(
      await queueTitles(),
      titles.filter((title) => title !== removed),
    );
    assert.equal(await nowPlayingTitle().innerText(), titles[1], 'removing another track keeps this one');

    await page.getByRole('button', { name: 'Next track' }).click();
    await waitForNowPlaying(titles[3]!);
    await current.filter({ hasText: titles[3]! }).waitFor();
    assert.equal(await current.locator('.queue-item__title').innerText(), titles[3]);
    await waitForSound();
  });

  test('repeat one plays the same track again when it ends', async () => {
    // Each click moves to the next mode (off, all, one): click until the button says "this track".
    const repeatState = () => repeatButton().getAttribute('aria-description');
    for (let clicks = 1; (await repeatState()) !== 'Repeating this track'; clicks += 1) {
      assert.ok(clicks <= 3, 'three clicks go round every repeat mode');
      const before = await repeatButton().getAttribute('title');
      await repeatButton().click();
      await page.waitForFunction(
        (previous) =>
          document.querySelector('button[aria-label="Repeat"]')?.getAttribute('title') !== previous,
        before,
      );
    }
    assert.equal(await repeatButton().getAttribute('aria-pressed'), 'true');
    assert.equal(await repeatButton().getAttribute('title'), 'Repeating this track (R)');

    const title = await nowPlayingTitle().innerText();
    const source = await probe<string>('source');
    const seek = page.getByRole('slider', { name: 'Seek' });
    const end = Number(await seek.getAttribute('max'));
    await seek.fill(String(end - 1));
    await page.waitForFunction((near) => window.__outputProbe.currentTime() >= near, end - 1.5);

    // Back to the start, then playing on: the same file, not the next track nor a stop.
    await page.waitForFunction(() => window.__outputProbe.currentTime() < 2);
    await page.waitForFunction(
      () => window.__outputProbe.currentTime() > 0.3 && !window.__outputProbe.paused(),
    );
    assert.equal(await probe<string>('source'), source);
    assert.equal(await nowPlayingTitle().innerText(), title);
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await waitForSound();

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => window.__outputProbe.paused());
  });

  test('a folder dropped on the window of a browser asks for its path, and says why', async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([], 'Music'));
      return transfer;
    });
    const main = page.getByRole('main');
    await main.dispatchEvent('dragenter', { dataTransfer });
    const overlay = page.getByRole('status').filter({ hasText: 'Drop a folder to add it to your library' });
    await overlay.waitFor();
    await main.dispatchEvent('drop', { dataTransfer });
    await overlay.waitFor({ state: 'detached' });

    const dialog = page.getByRole('dialog', { name: 'Import a folder' });
    await dialog.waitFor();
    assert.equal(
      await dialog.getByRole('note').innerText(),
      'Your browser does not tell Busker where a dropped folder is. Type its path below instead.',
    );
    assert.equal(await dialog.getByLabel('Folder path').inputValue(), '');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await page.getByRole('alert').allInnerTexts()).join(''), '', 'no error shown for a drop');
  });

  test('importing a folder that does not exist says so in words and leaves the library as it was', async () => {
    const folders = page.getByRole('list', { name: 'Folders' });
    const foldersBefore = await folders.innerText();
    const songsBefore = await libraryStats().innerText();
    assert.equal(songsBefore, `${fixtures.tracks.length} songs`);
    const foldersInLibrary = await session.backend.api.listFolders();
    assert.equal(foldersInLibrary.length, 1);

    const missing = join(fixturesDir, 'No Such Folder');
    const importButton = page.getByRole('button', { name: 'Import folder' });
    await importButton.click();
    const dialog = page.getByRole('dialog', { name: 'Import a folder' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('note').count(), 0, 'no drop note when the listener asked');
    await dialog.getByLabel('Folder path').fill(missing);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    // The dialog opens again with the reason and what was typed.
    const alert = dialog.getByRole('alert');
    await alert.getByText('does not exist').waitFor();
    assert.equal(
      (await alert.innerText()).trim(),
      `The folder "${missing}" does not exist. Check the path and try again.`,
    );
    assert.equal(await dialog.getByLabel('Folder path').inputValue(), missing);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('button')].some(
        (button) => button.textContent?.trim() === 'Import folder' && !button.disabled,
      ),
    );

    assert.equal(await libraryStats().innerText(), songsBefore);
    assert.equal(await folders.innerText(), foldersBefore);
    assert.equal(await trackRows().count(), fixtures.tracks.length);
    assert.deepEqual(await session.backend.api.listFolders(), foldersInLibrary);
  });

  test('the page raised no errors', () => {
    assert.deepEqual(session.pageErrors, []);
  });
});
