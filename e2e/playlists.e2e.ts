/**
 * Playlists, multi-select, the track context menu and sortable columns, in Debian's Chromium
 * against the headless host: sort by a column (kept across a reload), select several songs with
 * Shift and Ctrl, make a playlist of them from the context menu by keyboard, reorder it by
 * keyboard, export it as M3U8 and import that file back, identical. Every view passes axe and is
 * kept as a screenshot at 1280×800 and 800×600.
 */
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeAudioFixtures, type AudioFixtures } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

const sizes = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
];

describe('playlists, multi-select, context menu and sorting, in Chromium against the headless host', () => {
  let fixtures: AudioFixtures;
  let fixturesDir: string;
  let session: E2eSession;
  let page: Page;

  /** Axe on the view as it is, and a screenshot of it at both sizes. */
  async function checkView(name: string): Promise<void> {
    assert.deepEqual(await seriousAxeViolations(page), [], `axe: no serious or critical violation (${name})`);
    for (const size of sizes) {
      await page.setViewportSize(size);
      await saveScreenshot(page, `playlists-${name}-${size.width}x${size.height}`);
    }
    await page.setViewportSize(sizes[0]!);
  }

  const header = (name: string) => view.trackGrid(page).getByRole('columnheader', { name });
  const playlistGrid = (name: string) => page.getByRole('grid', { name: `Playlist ${name}` });
  const playlistTitles = (name: string) =>
    playlistGrid(name)
      .getByRole('row')
      .filter({ hasNot: page.getByRole('columnheader') })
      .evaluateAll((rows) => rows.map((row) => row.querySelector('.track-row__title')?.textContent ?? ''));
  const playlistNav = () => page.getByRole('navigation', { name: 'Playlists' });
  const apiPlaylist = async (name: string) => {
    const found = (await session.backend.api.listPlaylists()).find((playlist) => playlist.name === name);
    assert.ok(found, `playlist ${name} exists`);
    return session.backend.api.getPlaylist(found.id);
  };

  before(async () => {
    fixturesDir = await mkdtemp(join(tmpdir(), 'busker-e2e-playlists-'));
    fixtures = await makeAudioFixtures(fixturesDir);
    session = await openE2eSession();
    page = session.page;
    await page.setViewportSize(sizes[0]!);
    await view.importAndList(session, fixtures.dir, fixtures.tracks.length);
  });

  after(async () => {
    await session?.close();
    await rm(fixturesDir, { recursive: true, force: true });
  });

  test('clicking a column header sorts by it, again reverses, and a reload keeps the order', async () => {
    const titles = fixtures.tracks.map((track) => track.title);
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    const ascending = [...titles].sort((a, b) => collator.compare(a, b));
    assert.equal(await header('Title').getAttribute('aria-sort'), 'none');

    await header('Title').getByRole('button').click();
    await page.waitForFunction(() =>
      document
        .querySelector('[role="columnheader"][aria-sort="ascending"]')
        ?.textContent?.startsWith('Title'),
    );
    const sortedUp = await view.rowTitles(page);
    assert.deepEqual(new Set(sortedUp), new Set(titles));
    assert.notDeepEqual(
      sortedUp,
      await session.backend.api
        .getTracks(await session.backend.api.listTrackIds({}))
        .then((t) => t.map((x) => x.title)),
      'a different order than the library’s',
    );

    await header('Title').getByRole('button').click();
    await page.waitForFunction(() =>
      document
        .querySelector('[role="columnheader"][aria-sort="descending"]')
        ?.textContent?.startsWith('Title'),
    );
    await page.waitForFunction(
      (first) =>
        document.querySelector('[role="grid"] [data-index="0"] .track-row__title')?.textContent === first,
      sortedUp.at(-1)!,
    );
    assert.deepEqual(await view.rowTitles(page), [...sortedUp].reverse());
    await checkView('songs-sorted');

    await page.reload();
    await header('Title').waitFor();
    assert.equal(await header('Title').getAttribute('aria-sort'), 'descending', 'remembered across a reload');
    await page.waitForFunction(
      (first) =>
        document.querySelector('[role="grid"] [data-index="0"] .track-row__title')?.textContent === first,
      sortedUp.at(-1)!,
    );
    assert.deepEqual(await view.rowTitles(page), [...sortedUp].reverse());

    // Back to A→Z for the next tests; "ascending" here means Busker's sort key order.
    await header('Title').getByRole('button').click();
    await page.waitForFunction(() =>
      document
        .querySelector('[role="columnheader"][aria-sort="ascending"]')
        ?.textContent?.startsWith('Title'),
    );
    assert.deepEqual(ascending.length, sortedUp.length);
  });

  test('in the browser, one song’s menu has no Show in folder (the desktop app’s alone)', async () => {
    assert.equal((await session.backend.api.capabilities()).desktopShell, false);
    await view.trackRows(page).nth(0).click();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allTextContents();
    assert.deepEqual(items.slice(0, 4), ['Play', 'Play next', 'Add to queue', 'Add to playlist▸']);
    assert.ok(items.includes('Go to album'), items.join(', '));
    assert.ok(!items.includes('Show in folder'), items.join(', '));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  test('a playlist made from a Shift/Ctrl multi-selection through the context menu, by keyboard', async () => {
    const rows = view.trackRows(page);
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['Shift'] });
    await rows.nth(4).click({ modifiers: ['ControlOrMeta'] });
    const chosen = await view.rowTitles(page).then((titles) => [0, 1, 2, 4].map((index) => titles[index]!));
    assert.equal(await view.trackGrid(page).locator('[role="row"][aria-selected="true"]').count(), 4);

    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: '4 tracks' });
    await menu.waitFor();
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), [
      'Play',
      'Play next',
      'Add to queue',
      'Add to playlist▸',
    ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const submenu = page.getByRole('menu', { name: 'Add to playlist' });
    await submenu.getByRole('menuitem', { name: 'New playlist…' }).waitFor();
    await checkView('context-menu');
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: 'New playlist' });
    await dialog.getByText('With 4 songs.').waitFor();
    await page.keyboard.type('Evening');
    await checkView('new-playlist-dialog');
    await page.keyboard.press('Enter');
    await page.getByText('Added 4 songs to “Evening”.').waitFor();
    await playlistNav().getByRole('button', { name: 'Evening 4' }).waitFor();

    await playlistNav().getByRole('button', { name: 'Evening 4' }).click();
    await playlistGrid('Evening').waitFor();
    assert.deepEqual(await playlistTitles('Evening'), chosen);
    assert.deepEqual(
      (await session.backend.api.getTracks((await apiPlaylist('Evening')).trackIds)).map((t) => t.title),
      chosen,
    );
  });

  test('Alt+↓ and Alt+↑ move the focused song; the new order is saved', async () => {
    const before = await playlistTitles('Evening');
    await playlistGrid('Evening')
      .getByRole('row', { name: new RegExp(`^${escape(before[0]!)}`) })
      .focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    const moved = [before[1]!, before[2]!, before[0]!, before[3]!];
    await waitForTitles('Evening', moved);
    await page.keyboard.press('Alt+ArrowUp');
    const expected = [before[1]!, before[0]!, before[2]!, before[3]!];
    await waitForTitles('Evening', expected);
    assert.equal(
      await page.evaluate(() => document.activeElement?.querySelector('.track-row__title')?.textContent),
      before[0],
      'focus stays on the moved song',
    );
    // Saved in the library: the host answers with the same order once the writes are in (the page
    // shows a move at once and writes it after).
    assert.deepEqual(await savedTitles('Evening', expected), expected);
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp'); // already first: nothing moves
    await waitForTitles('Evening', before);
    assert.deepEqual(await savedTitles('Evening', before), before);
    await checkView('playlist');
  });

  test('exported as M3U8 and imported back, the playlist is identical', async () => {
    const original = await apiPlaylist('Evening');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export M3U8' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'Evening.m3u8');
    const text = await readFile(await download.path(), 'utf8');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], '#EXTM3U');
    assert.equal(lines.length, 1 + 2 * original.trackIds.length);
    const tracks = await session.backend.api.getTracks(original.trackIds);
    tracks.forEach((track, index) => {
      assert.equal(lines[1 + 2 * index], `#EXTINF:20,${track.artist} - ${track.title}`);
      assert.ok(lines[2 + 2 * index]!.startsWith(fixtures.dir), 'the host’s own path');
    });

    await importFile('Evening copy.m3u8', text);
    await page.getByRole('heading', { name: 'Evening copy', exact: true }).waitFor();
    await playlistGrid('Evening copy').waitFor();
    assert.deepEqual(await playlistTitles('Evening copy'), await playlistTitles('Evening copy'));
    assert.deepEqual(
      (await apiPlaylist('Evening copy')).trackIds,
      original.trackIds,
      'same tracks, same order',
    );
    assert.equal(await page.getByRole('region', { name: /not added/ }).count(), 0, 'nothing reported');
  });

  test('an imported file’s missing files and web addresses are listed with their reasons', async () => {
    const first = fixtures.tracks[0]!;
    const text = `\uFEFF#EXTM3U\r\n${join(fixtures.dir, 'gone.flac')}\r\nhttp://radio.example/live\r\n${first.path}\r\n`;
    await importFile('Partly.m3u', text);
    await page.getByRole('heading', { name: 'Partly', exact: true }).waitFor();
    const issues = page.getByRole('region', { name: '2 lines of “Partly” not added' });
    await issues.waitFor();
    await issues.getByText('No file at this path.').waitFor();
    await issues.getByText('A web address: Busker plays files in its library only.').waitFor();
    assert.deepEqual(await playlistTitles('Partly'), [first.title]);
    await checkView('import-issues');

    const tooBig = 'x'.repeat(4 * 1024 * 1024 + 10);
    await importFile('huge.m3u8', tooBig);
    await page
      .getByText('“huge.m3u8” is larger than 4 MiB, so it is not a playlist Busker can read.')
      .waitFor();
  });

  test('an album’s context menu adds all its songs to a playlist, by keyboard', async () => {
    const album = fixtures.tracks.find((track) => track.album === 'Sine Songs')!;
    const albumSongs = fixtures.tracks.filter((track) => track.album === album.album).length;
    const before = (await apiPlaylist('Evening')).trackIds.length;
    await page
      .getByRole('navigation', { name: 'Library sections' })
      .getByRole('button', { name: 'Albums' })
      .click();
    await page.getByRole('button', { name: new RegExp(`^${album.album}`) }).focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: `Album: ${album.album}` });
    await menu.waitFor();
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), [
      'Play',
      'Play next',
      'Add to queue',
      'Add to playlist▸',
      'Go to album',
    ]);
    await menu.getByRole('menuitem', { name: 'Add to playlist' }).click();
    await page
      .getByRole('menu', { name: 'Add to playlist' })
      .getByRole('menuitem', { name: 'Evening', exact: true })
      .waitFor();
    await checkView('album-menu');
    await page
      .getByRole('menu', { name: 'Add to playlist' })
      .getByRole('menuitem', { name: 'Evening', exact: true })
      .click();
    await page.getByText(`Added ${albumSongs} songs to “Evening”.`).waitFor();
    assert.equal((await apiPlaylist('Evening')).trackIds.length, before + albumSongs);
  });

  test('rename, and delete after a confirmation', async () => {
    await playlistNav()
      .getByRole('button', { name: /^Partly/ })
      .click();
    await page.getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename playlist' });
    await rename.getByLabel('Name').fill('Partly found');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'Partly found', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete playlist' });
    await confirm.getByText('Delete the playlist “Partly found”? Its songs stay in the library.').waitFor();
    await checkView('delete-dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Partly found', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Songs', exact: true }).waitFor();
    assert.equal(
      await playlistNav()
        .getByRole('button', { name: /^Partly/ })
        .count(),
      0,
    );
    assert.deepEqual(
      (await session.backend.api.listPlaylists()).map((playlist) => playlist.name),
      ['Evening', 'Evening copy'],
    );
    assert.deepEqual(session.pageErrors, []);
  });

  /** The playlist's titles as the host has them, once they are `wanted` or 10 s have passed. */
  async function savedTitles(name: string, wanted: string[]): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const titles = (await session.backend.api.getTracks((await apiPlaylist(name)).trackIds)).map(
        (track) => track.title,
      );
      if (JSON.stringify(titles) === JSON.stringify(wanted) || Date.now() > deadline) return titles;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function waitForTitles(name: string, titles: string[]): Promise<void> {
    await page.waitForFunction(
      ({ grid, wanted }) =>
        JSON.stringify(
          [
            ...document.querySelectorAll(
              `[role="grid"][aria-label="${grid}"] [role="row"] .track-row__title`,
            ),
          ].map((cell) => cell.textContent),
        ) === JSON.stringify(wanted),
      { grid: `Playlist ${name}`, wanted: titles },
    );
  }

  async function importFile(name: string, text: string): Promise<void> {
    await page
      .getByLabel('Playlist file to import (.m3u or .m3u8)')
      .setInputFiles({ name, mimeType: 'audio/x-mpegurl', buffer: Buffer.from(text) });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
