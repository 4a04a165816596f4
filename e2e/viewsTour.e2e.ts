/**
 * Every view of the player, in Debian's Chromium against a headless host whose market has no
 * network (so Publish, Earnings and the wallet show, and nothing needs a chain): the queue saved
 * as a playlist first, then each view at 1280×800 and at 800×600 with a screenshot kept and no
 * serious or critical axe violation. Market views that need a chain (a catalogue artist's page,
 * unlocking, tipping) are covered by the market e2e files.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeAudioFixtures, type AudioFixtures } from '../testkit/audioFixtures';
import { openNoNetworkSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

const playlistName = 'Road trip';

describe('a tour of every view, in Chromium against the headless host', () => {
  let fixtures: AudioFixtures;
  let session: E2eSession;
  let page: Page;
  let root: string;
  let titles: string[];

  const main = () => page.getByRole('main');
  const sidebarToggle = () => page.getByRole('button', { name: 'Library menu' });

  /** A narrow window folds the sidebar behind its menu button: unfolds it when folded. */
  async function openSidebar(): Promise<void> {
    const toggle = sidebarToggle();
    if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
      await toggle.click();
  }

  /** Clicks a button of the sidebar, unfolding it first in a narrow window. */
  async function inSidebar(navigation: string, name: string): Promise<void> {
    await openSidebar();
    await page
      .getByRole('navigation', { name: navigation })
      .getByRole('button', { name, exact: true })
      .click();
  }

  async function checkView(name: string): Promise<void> {
    const size = page.viewportSize();
    const label = `${name} at ${size?.width}×${size?.height}`;
    await saveScreenshot(page, `views-${name}-${size?.width}x${size?.height}`);
    assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${label}`);
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'busker-e2e-views-'));
    fixtures = await makeAudioFixtures(join(root, 'music'));
    session = await openNoNetworkSession(root, { syncIntervalMs: 0 });
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    titles = await view.importAndList(session, fixtures.dir, fixtures.tracks.length);
    assert.ok(titles.length >= 5);
  });

  after(async () => {
    await session?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('three queued songs saved from the queue panel make a playlist of those three, in order', async () => {
    const rows = view.trackRows(page);
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['ControlOrMeta'] });
    await rows.nth(4).click({ modifiers: ['ControlOrMeta'] });
    await rows.nth(4).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Play', exact: true }).click();
    const queued = [titles[0]!, titles[2]!, titles[4]!];
    await page.getByRole('button', { name: 'Pause' }).click();

    const showQueue = page.getByRole('button', { name: 'Show queue' });
    if ((await showQueue.getAttribute('aria-pressed')) !== 'true') await showQueue.click();
    const panel = page.getByRole('complementary', { name: 'Queue' });
    await panel.getByText('3 tracks').waitFor();
    await panel.getByRole('button', { name: 'Save queue as playlist…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New playlist' });
    await dialog.getByText('With 3 songs.').waitFor();
    await dialog.getByLabel('Name').fill(playlistName);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText(`Added 3 songs to “${playlistName}”.`).waitFor();

    await page.getByRole('button', { name: 'Close queue' }).click();
    await page
      .getByRole('navigation', { name: 'Playlists' })
      .getByRole('button', { name: playlistName })
      .click();
    const grid = page.getByRole('grid', { name: `Playlist ${playlistName}` });
    await grid.waitFor();
    const shown = await grid
      .getByRole('row')
      .filter({ hasNot: page.getByRole('columnheader') })
      .evaluateAll((elements) => elements.map((row) => row.querySelector('.track-row__title')?.textContent));
    assert.deepEqual(shown, queued);
    const [stored] = (await session.backend.api.listPlaylists()).filter((p) => p.name === playlistName);
    const playlist = await session.backend.api.getPlaylist(stored!.id);
    const storedTitles = (await session.backend.api.getTracks(playlist.trackIds)).map((t) => t.title);
    assert.deepEqual(
      playlist.trackIds.map((id, index) => storedTitles[index] ?? id),
      queued,
    );
  });

  test('an empty queue cannot be saved: the button is disabled', async () => {
    await page.getByRole('button', { name: 'Show queue' }).click();
    const panel = page.getByRole('complementary', { name: 'Queue' });
    await panel.getByRole('button', { name: 'Clear queue' }).click();
    assert.equal(await panel.getByRole('button', { name: 'Save queue as playlist…' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Close queue' }).click();
  });
  for (const [width, height] of [
    [1280, 800],
    [800, 600],
  ] as const) {
    test(`every view at ${width}×${height}: a screenshot each, and axe finds nothing serious`, async () => {
      await page.setViewportSize({ width, height });
      // History for Recently played and the Plays column, without waiting for real plays.
      const ids = await session.backend.api.listTrackIds({});
      for (const id of ids.slice(0, 2)) await session.backend.api.recordPlay(id);

      await inSidebar('Library sections', 'Songs');
      await page.getByRole('heading', { level: 1, name: 'Songs' }).waitFor();
      await view.trackRows(page).first().waitFor();
      await checkView('songs');

      await page.getByRole('button', { name: 'Show queue' }).click();
      await page.getByRole('complementary', { name: 'Queue' }).waitFor();
      await checkView('queue-panel');
      await page.getByRole('button', { name: 'Close queue' }).click();

      await inSidebar('Library sections', 'Albums');
      await page.getByRole('heading', { level: 1, name: 'Albums' }).waitFor();
      const album = fixtures.tracks[0]!.album;
      const card = main()
        .getByRole('button', { name: new RegExp(`^${album}`) })
        .first();
      await card.waitFor();
      await checkView('albums');
      await card.click();
      await page.getByRole('heading', { level: 1, name: album }).waitFor();
      await checkView('album-page');

      await inSidebar('Library sections', 'Artists');
      await page.getByRole('heading', { level: 1, name: 'Artists' }).waitFor();
      const artist = fixtures.tracks[0]!.artist;
      await checkView('artists');
      await main()
        .getByRole('button', { name: new RegExp(`^${artist}`) })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: artist }).waitFor();
      await view.trackRows(page).first().waitFor();
      await checkView('artist-page');

      if (await sidebarToggle().isVisible()) await sidebarToggle().click();
      await page
        .getByRole('navigation', { name: 'Playlists' })
        .getByRole('button', { name: playlistName })
        .click();
      await page.getByRole('grid', { name: `Playlist ${playlistName}` }).waitFor();
      await checkView('playlist');

      await inSidebar('Listening', 'Recently added');
      await page.getByRole('heading', { level: 1, name: 'Recently added' }).waitFor();
      await view.trackRows(page).first().waitFor();
      await checkView('recently-added');

      await inSidebar('Listening', 'Recently played');
      await page.getByRole('heading', { level: 1, name: 'Recently played' }).waitFor();
      await view.trackRows(page).first().waitFor();
      await checkView('recently-played');

      await view.trackRows(page).first().dblclick();
      await page.getByRole('button', { name: 'Pause' }).click();
      await inSidebar('Listening', 'Now playing');
      await page.getByRole('heading', { level: 1, name: 'Now playing' }).waitFor();
      await checkView('now-playing');

      await inSidebar('Library sections', 'Songs');
      await page.getByRole('searchbox', { name: 'Search library' }).fill('tone');
      await page.getByRole('heading', { level: 1, name: 'Search results' }).waitFor();
      await view.trackRows(page).first().waitFor();
      await checkView('search-results');
      await page.getByRole('button', { name: 'Clear search' }).click();

      await inSidebar('Artist sections', 'Publish');
      await page.getByRole('heading', { level: 1, name: 'Publish' }).waitFor();
      await checkView('publish');
      await inSidebar('Artist sections', 'Earnings');
      await page.getByRole('heading', { level: 1, name: 'Earnings' }).waitFor();
      await checkView('earnings');

      for (const [opener, dialogName, shot] of [
        ['Settings', 'Settings', 'settings-dialog'],
        ['Set up wallet', 'Set up your wallet', 'wallet-dialog'],
        ['Keyboard shortcuts', 'Keyboard shortcuts', 'shortcuts-dialog'],
      ] as const) {
        await openSidebar();
        await page.getByRole('button', { name: opener, exact: true }).click();
        await page.getByRole('dialog', { name: dialogName }).waitFor();
        await checkView(shot);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog', { name: dialogName }).waitFor({ state: 'hidden' });
      }
      assert.deepEqual(session.pageErrors, []);
    });
  }
});
