/**
 * Play history in the track list, in Debian's Chromium against the headless host: a track heard
 * past half shows 1 play and "Last played", the list sorts by plays both ways (and remembers it
 * after a reload), and at 800×600 the history columns are left out with the grid's column count
 * and indexes following.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeAudioFixtures, type AudioFixtures } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

/** The header names, in order, and the grid's aria-colcount and each header's aria-colindex. */
async function columnLayout(page: Page) {
  return view.trackGrid(page).evaluate((grid) => ({
    colcount: Number(grid.getAttribute('aria-colcount')),
    headers: [...grid.querySelectorAll('[role="columnheader"]')].map((header) => ({
      name: header.textContent?.replace(/[▲▼]/g, '').trim() ?? '',
      colindex: Number(header.getAttribute('aria-colindex')),
    })),
    cellsPerRow: [...grid.querySelectorAll('[role="row"][data-index]')].map((row) =>
      [...row.querySelectorAll('[role="gridcell"]')].map((cell) =>
        Number(cell.getAttribute('aria-colindex')),
      ),
    ),
  }));
}

describe('play history in the track list, in Chromium against the headless host', () => {
  let fixtures: AudioFixtures;
  let session: E2eSession;
  let page: Page;
  let fixturesDir: string;
  let titles: string[];

  const rowOf = (title: string) =>
    view.trackRows(page).filter({ has: page.locator('.track-row__title', { hasText: title }) });

  before(async () => {
    fixturesDir = await mkdtemp(join(tmpdir(), 'busker-e2e-history-'));
    fixtures = await makeAudioFixtures(fixturesDir);
    session = await openE2eSession();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    titles = await view.importAndList(session, fixtures.dir, fixtures.tracks.length);
    assert.ok(titles.length >= 3);
  });

  after(async () => {
    await session?.close();
    await rm(fixturesDir, { recursive: true, force: true });
  });

  test('at 1280×800 the list shows Plays and Last played; a track not played reads 0 and Never', async () => {
    const layout = await columnLayout(page);
    assert.deepEqual(
      layout.headers.map((header) => header.name),
      ['#', 'Title', 'Artist', 'Album', 'Plays', 'Last played', 'Time', 'Price'],
    );
    assert.equal(layout.colcount, 8);
    assert.deepEqual(
      layout.headers.map((header) => header.colindex),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.ok(layout.cellsPerRow.every((cells) => cells.join() === '1,2,3,4,5,6,7,8'));
    const row = rowOf(titles[1]!);
    assert.equal(await row.locator('.track-row__plays').innerText(), '0');
    assert.equal(await row.locator('.track-row__last-played').innerText(), 'Never');
  });

  test('a track heard past half shows 1 play and Last played "just now", with the full date on it', async () => {
    const heard = titles[1]!;
    await rowOf(heard).dblclick();
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
      heard,
    );
    // The fixture is 20 s long: it counts once 10 s were heard, and the row follows.
    await page.waitForFunction(
      (wanted) =>
        [...document.querySelectorAll('[role="grid"][aria-label="Tracks"] [role="row"]')].some(
          (row) =>
            row.querySelector('.track-row__title')?.textContent === wanted &&
            row.querySelector('.track-row__plays')?.textContent === '1',
        ),
      heard,
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    const lastPlayed = rowOf(heard).locator('.track-row__last-played time');
    assert.equal(await lastPlayed.innerText(), 'just now');
    const [stored] = await session.backend.api.getTracks([
      (await session.backend.api.listTrackIds({ text: heard }))[0]!,
    ]);
    assert.equal(stored?.playCount, 1);
    assert.equal(await lastPlayed.getAttribute('datetime'), new Date(stored!.lastPlayedAt!).toISOString());
    assert.match((await lastPlayed.getAttribute('title')) ?? '', /\d{4}/, 'the full date is in the tooltip');
    await saveScreenshot(page, 'history-columns-1280x800');
  });

  test('sorting by Plays puts the played track last, then first; the sort survives a reload', async () => {
    const heard = titles[1]!;
    const plays = page.getByRole('button', { name: 'Plays' });
    await plays.click();
    const playsHeader = page.getByRole('columnheader', { name: 'Plays' });
    await page.waitForFunction(() =>
      document.querySelector('[role="columnheader"][aria-sort="ascending"]')?.textContent?.includes('Plays'),
    );
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-index="0"] .track-row__title')?.textContent !== wanted,
      heard,
    );
    assert.equal((await view.rowTitles(page)).at(-1), heard, 'ascending: the one played track last');

    await plays.click();
    assert.equal(await playsHeader.getAttribute('aria-sort'), 'descending');
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-index="0"] .track-row__title')?.textContent === wanted,
      heard,
    );

    await page.reload();
    await view.trackRows(page).first().waitFor();
    assert.equal(
      await page.getByRole('columnheader', { name: 'Plays' }).getAttribute('aria-sort'),
      'descending',
    );
    assert.equal((await view.rowTitles(page))[0], heard, 'the sort is remembered');

    await page.getByRole('button', { name: 'Last played' }).click();
    assert.equal(
      await page.getByRole('columnheader', { name: 'Last played' }).getAttribute('aria-sort'),
      'ascending',
    );
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-index="0"] .track-row__title')?.textContent !== wanted,
      heard,
    );
    assert.equal((await view.rowTitles(page)).at(-1), heard);
  });

  test('at 800×600 Plays, Last played and Album are left out; the column count and indexes follow', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.waitForFunction(
      () =>
        document.querySelector('[role="grid"][aria-label="Tracks"]')?.getAttribute('aria-colcount') !== '8',
    );
    const layout = await columnLayout(page);
    const names = layout.headers.map((header) => header.name);
    assert.ok(names.includes('Title') && names.includes('Artist'), `Title and Artist stay: ${names.join()}`);
    assert.ok(
      !names.includes('Plays') && !names.includes('Last played'),
      `history is left out: ${names.join()}`,
    );
    assert.equal(layout.colcount, names.length);
    assert.deepEqual(
      layout.headers.map((header) => header.colindex),
      names.map((_, index) => index + 1),
    );
    for (const cells of layout.cellsPerRow) {
      assert.deepEqual(
        cells,
        names.map((_, index) => index + 1),
      );
    }
    assert.deepEqual(await seriousAxeViolations(page), [], 'axe at 800×600');
    await saveScreenshot(page, 'history-columns-800x600');
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(await seriousAxeViolations(page), [], 'axe at 1280×800');
  });
});
