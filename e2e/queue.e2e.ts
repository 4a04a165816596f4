/**
 * The play queue end to end, in Debian's Chromium against the headless host: Play next from the
 * track list, reordering by keyboard and by dragging, and a reload that gives back the same queue,
 * current track and position, paused. The output probe tells where the audio really resumes.
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

interface OutputProbe {
  level(): number;
  currentTime(): number;
  paused(): boolean;
  source(): string;
}

/** The page's window with the probe (e2e/playerControls.e2e.ts declares it globally too). */
type Probed = typeof globalThis & { __outputProbe: OutputProbe };

describe('the play queue, in Chromium against the headless host', () => {
  let fixtures: AudioFixtures;
  let session: E2eSession;
  let page: Page;
  let fixturesDir: string;
  let titles: string[];

  const trackRows = () => view.trackRows(page);
  const queueList = () => page.getByRole('list', { name: 'Queued tracks' });
  const queueItems = () => queueList().getByRole('listitem');

  /** Titles in the queue, in play order, once every one of them has loaded. */
  async function queueTitles(): Promise<string[]> {
    await page.waitForFunction(() => {
      const items = document.querySelectorAll('ol[aria-label="Queued tracks"] > li');
      return (
        items.length > 0 &&
        [...items].every((item) => item.querySelector('.queue-item__title')?.textContent !== 'Loading…')
      );
    });
    const items = await queueItems().evaluateAll((elements) =>
      elements.map((item) => ({
        position: Number(item.getAttribute('data-position')),
        title: item.querySelector('.queue-item__title')?.textContent ?? '',
      })),
    );
    return items.sort((a, b) => a.position - b.position).map((item) => item.title);
  }

  async function waitForQueue(expected: string[]): Promise<void> {
    await page.waitForFunction(
      (wanted) =>
        JSON.stringify(
          [...document.querySelectorAll('ol[aria-label="Queued tracks"] > li')]
            .sort((a, b) => Number(a.getAttribute('data-position')) - Number(b.getAttribute('data-position')))
            .map((item) => item.querySelector('.queue-item__title')?.textContent),
        ) === JSON.stringify(wanted),
      expected,
    );
  }

  async function waitForNowPlaying(title: string): Promise<void> {
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
      title,
    );
  }

  const entry = (title: string) =>
    queueItems().filter({ has: page.locator('.queue-item__title', { hasText: title }) });

  before(async () => {
    fixturesDir = await mkdtemp(join(tmpdir(), 'busker-e2e-queue-'));
    fixtures = await makeAudioFixtures(fixturesDir);
    session = await openE2eSession();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    titles = await view.importAndList(session, fixtures.dir, fixtures.tracks.length);
    assert.ok(titles.length >= 5);
  });

  after(async () => {
    await session?.close();
    await rm(fixturesDir, { recursive: true, force: true });
  });

  test('Shift+Enter on a track plays it next; the queue lists it after the current one', async () => {
    await trackRows().first().dblclick();
    await waitForNowPlaying(titles[0]!);
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    await trackRows().nth(3).click();
    await page.keyboard.press('Shift+Enter');
    await page.getByText(`“${titles[3]}” plays next.`).waitFor();

    await page.getByRole('button', { name: 'Show queue' }).click();
    await queueList().waitFor();
    const expected = [titles[0]!, titles[3]!, ...titles.slice(1)];
    await waitForQueue(expected);
    assert.deepEqual(await queueTitles(), expected);
    assert.equal(
      await queueList().locator('li[aria-current="true"] .queue-item__title').innerText(),
      titles[0],
      'the current track stays current',
    );
  });

  test('Alt+↑ and Alt+↓ move the focused entry, and focus stays on it', async () => {
    const moved = titles[1]!;
    await entry(moved).first().locator('.queue-item__main').focus();
    await page.keyboard.press('Alt+ArrowUp');
    const afterUp = [titles[0]!, moved, titles[3]!, ...titles.slice(2)];
    await waitForQueue(afterUp);
    assert.equal(
      await page.evaluate(() => document.activeElement?.querySelector('.queue-item__title')?.textContent),
      moved,
      'the moved entry keeps the focus',
    );
    await page.getByText(`${moved} moved to position 2 of ${afterUp.length}.`).waitFor({ state: 'attached' });

    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    const afterDown = [titles[0]!, titles[3]!, titles[2]!, moved, ...titles.slice(3)];
    await waitForQueue(afterDown);

    // Moving the first entry up, or the last one down, changes nothing.
    await queueItems().first().locator('.queue-item__main').focus();
    await page.keyboard.press('Alt+ArrowUp');
    assert.deepEqual(await queueTitles(), afterDown);
  });

  test('dragging an entry onto another puts it there', async () => {
    const before = await queueTitles();
    const last = before.at(-1)!;
    await queueItems()
      .nth(before.length - 1)
      .dragTo(queueItems().nth(1));
    const expected = [before[0]!, last, ...before.slice(1, -1)];
    await waitForQueue(expected);
    assert.deepEqual(await queueTitles(), expected);
  });

  test('a reload gives back the queue, the current track and its position, paused', async () => {
    const queueBefore = await queueTitles();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => (window as Probed).__outputProbe.paused());
    // Somewhere past the start, so that "from the start" would be caught.
    await page.getByRole('slider', { name: 'Seek' }).fill('9');
    await page.waitForFunction(() => Math.abs((window as Probed).__outputProbe.currentTime() - 9) < 0.5);
    const position = await page.evaluate(() => (window as Probed).__outputProbe.currentTime());

    await page.reload();
    await waitForNowPlaying(titles[0]!);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.waitForFunction(() =>
      /^0:0[89]|^0:10/.test(
        document.querySelector('input[aria-label="Seek"]')?.getAttribute('aria-valuetext') ?? '',
      ),
    );
    const showQueue = page.getByRole('button', { name: 'Show queue' });
    if ((await showQueue.getAttribute('aria-pressed')) !== 'true') await showQueue.click();
    assert.deepEqual(await queueTitles(), queueBefore);
    assert.equal(
      await queueList().locator('li[aria-current="true"] .queue-item__title').innerText(),
      titles[0],
    );
    // howler's pool check plays an empty <audio> once; no element with a track may play.
    assert.equal(
      await page.evaluate(() => {
        const probe = (window as Probed).__outputProbe;
        return probe.paused() || probe.source() === '';
      }),
      true,
      'nothing plays by itself',
    );

    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(
      () => !(window as Probed).__outputProbe.paused() && (window as Probed).__outputProbe.level() > 0.01,
    );
    const resumedAt = await page.evaluate(() => (window as Probed).__outputProbe.currentTime());
    console.log(
      `# paused at ${position.toFixed(2)} s, resumed after the reload at ${resumedAt.toFixed(2)} s`,
    );
    assert.ok(
      Math.abs(resumedAt - position) <= 1,
      `resumed at ${resumedAt.toFixed(2)} s, paused at ${position.toFixed(2)} s`,
    );
    assert.deepEqual(session.pageErrors, []);
  });

  test('Now playing shows the track large with its details and the queue; the title names it', async () => {
    await page.getByRole('button', { name: 'Show now playing' }).click();
    const region = page.getByRole('region', { name: 'Now playing' });
    await region.getByRole('heading', { name: 'Now playing', level: 1 }).waitFor();
    await page.locator('.now-playing-view__title').filter({ hasText: titles[0]! }).waitFor();
    const details = await region.locator('.now-playing-view__details dt').allInnerTexts();
    assert.deepEqual(details, ['Album', 'Year', 'Format', 'Length', 'Plays']);
    assert.equal(await region.getByRole('list', { name: 'Queued tracks' }).count(), 1);
    assert.equal(await page.locator('#queue-panel').count(), 0, 'the side panel gives way to the view');
    // While playing, the window title is "Title — Artist · Busker" for whatever plays now.
    await page.waitForFunction(() => {
      const title = document.querySelector('[data-testid="now-playing-title"]')?.textContent;
      const artist = document.querySelector('.now-playing__artist')?.textContent;
      return document.title === `${title} — ${artist} · Busker`;
    });
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await seriousAxeViolations(page), [], `axe at ${width}×${height}`);
      await saveScreenshot(page, `now-playing-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('Recently played lists a track once half of it was heard; Recently added lists the newest first', async () => {
    await page.getByRole('button', { name: 'Songs', exact: true }).click();
    // These views are shown on their own: the queue panel is the subject of the last test.
    const closeQueue = page.getByRole('button', { name: 'Close queue' });
    if ((await closeQueue.count()) > 0) await closeQueue.click();
    const heard = titles[2]!;
    await trackRows().filter({ hasText: heard }).dblclick();
    await waitForNowPlaying(heard);
    await page.getByRole('button', { name: 'Recently played' }).click();
    await page.getByRole('heading', { name: 'Recently played', level: 1 }).waitFor();
    // The track is 20 s long: it counts once 10 s were heard, and then it is the last played.
    await page.waitForFunction(
      (title) =>
        document.querySelector('[role="grid"] [aria-rowindex="2"] .track-row__title')?.textContent === title,
      heard,
      { timeout: 60_000 },
    );
    const played = await session.backend.api.getTracks(
      await session.backend.api.listTrackIds({ recent: 'played' }),
    );
    assert.equal(played[0]?.title, heard);
    assert.equal(played[0]?.playCount, 1, 'counted once per start');
    assert.ok(played.every((track) => track.playCount >= 1 && track.lastPlayedAt != null));
    assert.deepEqual(
      (await view.rowTitles(page)).slice(0, played.length),
      played.map((track) => track.title),
    );
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await seriousAxeViolations(page), [], `axe at ${width}×${height}`);
      await saveScreenshot(page, `recently-played-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Recently added' }).click();
    await page.getByRole('heading', { name: 'Recently added', level: 1 }).waitFor();
    await trackRows()
      .nth(fixtures.tracks.length - 1)
      .waitFor();
    const newestFirst = await session.backend.api.getTracks(
      await session.backend.api.listTrackIds({ recent: 'added' }),
    );
    assert.deepEqual(
      await view.rowTitles(page),
      newestFirst.map((track) => track.title),
    );
    assert.ok(newestFirst[0]!.id > newestFirst.at(-1)!.id, 'the newest import first');
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await seriousAxeViolations(page), [], `axe at ${width}×${height}`);
      await saveScreenshot(page, `recently-added-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Songs', exact: true }).click();
  });

  test('the queue panel passes axe at 1280×800 and 800×600', async () => {
    const showQueue = page.getByRole('button', { name: 'Show queue' });
    if ((await showQueue.getAttribute('aria-pressed')) !== 'true') await showQueue.click();
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await queueList().waitFor();
      assert.deepEqual(await seriousAxeViolations(page), [], `axe at ${width}×${height}`);
      await saveScreenshot(page, `queue-panel-${width}x${height}`);
      if (width < 900) {
        // The sidebar is folded away: the list starts at the window's edge, the queue over it.
        const main = await page.locator('main').boundingBox();
        assert.equal(main?.x, 0, `the main view at ${width}×${height} starts at the left edge`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
