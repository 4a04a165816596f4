/**
 * Album and artist pages end to end, in Debian's Chromium against the headless host: a folder's
 * cover.jpg shown for songs without embedded art, an album's facts and discs, Play and a
 * song's own button playing (the output probe hears it), the artist page and Back, and the
 * layout at 800×600, 900×650 and 1280×800 with axe and a screenshot of every view.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runTool } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

const signalLevel = 0.01;

/** What support/outputProbe.browser.js puts on the page's window. */
interface OutputProbeWindow {
  __outputProbe: { level(): number };
}

interface Song {
  folder: string;
  file: string;
  title: string;
  artist: string;
  album: string;
  track: number;
  disc?: number;
}

const albumArtist = 'Tide Band';
const songs: Song[] = [
  {
    folder: 'Harbor Lights',
    file: '01.flac',
    title: 'Harbor One',
    artist: albumArtist,
    album: 'Harbor Lights',
    track: 1,
  },
  {
    folder: 'Harbor Lights',
    file: '02.flac',
    title: 'Harbor Two',
    artist: albumArtist,
    album: 'Harbor Lights',
    track: 2,
  },
  {
    folder: 'Harbor Lights',
    file: '03.flac',
    title: 'Harbor Guest',
    artist: 'Guest Star',
    album: 'Harbor Lights',
    track: 3,
  },
  {
    folder: 'Double',
    file: 'a.flac',
    title: 'Side A',
    artist: albumArtist,
    album: 'Double Feature',
    track: 1,
    disc: 1,
  },
  {
    folder: 'Double',
    file: 'b.flac',
    title: 'Side B',
    artist: albumArtist,
    album: 'Double Feature',
    track: 2,
    disc: 1,
  },
  {
    folder: 'Double',
    file: 'c.flac',
    title: 'Side C',
    artist: albumArtist,
    album: 'Double Feature',
    track: 1,
    disc: 2,
  },
];

async function makeSong(dir: string, song: Song, index: number): Promise<void> {
  await mkdir(join(dir, song.folder), { recursive: true });
  const tags = {
    title: song.title,
    artist: song.artist,
    album_artist: albumArtist,
    album: song.album,
    track: String(song.track),
    date: '2021',
    ...(song.disc ? { disc: String(song.disc) } : {}),
  };
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${300 + index * 60}:sample_rate=22050:duration=8`],
    ...['-ac', '1', '-c:a', 'flac'],
    ...Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]),
    join(dir, song.folder, song.file),
  ]);
}

describe('album and artist pages, in Chromium against the headless host', () => {
  let dir: string;
  let session: E2eSession;
  let page: Page;

  const main = () => page.getByRole('main');
  const sidebarToggle = () => page.getByRole('button', { name: 'Library menu' });
  const albumCard = (title: string) => main().getByRole('button', { name: new RegExp(`^${title}`) });

  async function showSection(name: 'Songs' | 'Albums' | 'Artists'): Promise<void> {
    // A narrow window folds the sidebar behind its menu button.
    if (await sidebarToggle().isVisible()) await sidebarToggle().click();
    await page.getByRole('navigation', { name: 'Library sections' }).getByRole('button', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  async function openAlbum(title: string): Promise<void> {
    await showSection('Albums');
    await albumCard(title).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  async function coverLoaded(name: string): Promise<number> {
    const cover = page.getByRole('img', { name });
    await cover.waitFor();
    await page.waitForFunction((alt) => {
      const image = document.querySelector<HTMLImageElement>(`img[alt="${alt}"]`);
      return image?.complete === true && image.naturalWidth > 0;
    }, name);
    return cover.evaluate((image: HTMLImageElement) => image.naturalWidth);
  }

  async function checkView(name: string): Promise<void> {
    assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${name}`);
    const size = page.viewportSize();
    await saveScreenshot(page, `albumPages-${name}-${size?.width}x${size?.height}`);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'busker-e2e-albums-'));
    for (let index = 0; index < songs.length; index += 2) {
      await Promise.all(
        songs.slice(index, index + 2).map((song, offset) => makeSong(dir, song, index + offset)),
      );
    }
    await runTool('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc=size=120x120:rate=1', '-frames:v', '1'],
      join(dir, 'Harbor Lights', 'cover.jpg'),
    ]);
    session = await openE2eSession();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const summary = await session.backend.api.importFolder(dir);
    assert.deepEqual(summary.issues, []);
    await page.reload();
    await view
      .trackRows(page)
      .nth(songs.length - 1)
      .waitFor();
  });

  after(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the album grid and the album page show the folder’s cover.jpg', async () => {
    await showSection('Albums');
    const card = albumCard('Harbor Lights');
    await card.waitFor();
    const gridCover = card.locator('img');
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('.album-card img')].some(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    assert.equal(await gridCover.count(), 1, 'the card shows an image, not the placeholder');
    // The album without a folder image keeps the placeholder.
    assert.equal(await albumCard('Double Feature').locator('img').count(), 0);

    await card.click();
    await page.getByRole('heading', { level: 1, name: 'Harbor Lights' }).waitFor();
    assert.equal(await coverLoaded('Cover of Harbor Lights'), 120);
    const album = main();
    await album.getByText('2021 · 3 songs · 24 s').waitFor();
    await album.getByRole('button', { name: albumArtist, exact: true }).waitFor();
    assert.equal(
      await album.getByRole('heading', { name: /^Disc/ }).count(),
      0,
      'one disc: no disc headings',
    );
    assert.equal(await album.getByRole('button', { name: /^Play Harbor/ }).count(), 3);
  });

  test('Play album starts its first song, and the output has sound', async () => {
    await main().getByRole('button', { name: 'Play album' }).click();
    await view.nowPlayingTitle(page).filter({ hasText: 'Harbor One' }).waitFor();
    await page.waitForFunction(
      (level) => (window as unknown as OutputProbeWindow).__outputProbe.level() > level,
      signalLevel,
    );
    await main().locator('[aria-current="true"]', { hasText: 'Harbor One' }).waitFor();
  });

  test('a song’s own button plays it, and Shuffle album turns shuffle on', async () => {
    await main()
      .getByRole('button', { name: /^Play Harbor Two/ })
      .click();
    await view.nowPlayingTitle(page).filter({ hasText: 'Harbor Two' }).waitFor();
    await main().getByRole('button', { name: 'Shuffle album' }).click();
    await page
      .getByRole('contentinfo', { name: 'Now playing' })
      .getByRole('button', { name: 'Shuffle', pressed: true })
      .waitFor();
    // Play album plays in order again.
    await main().getByRole('button', { name: 'Play album' }).click();
    await page
      .getByRole('contentinfo', { name: 'Now playing' })
      .getByRole('button', { name: 'Shuffle', pressed: false })
      .waitFor();
    await view.nowPlayingTitle(page).filter({ hasText: 'Harbor One' }).waitFor();
  });

  test('an album of two discs lists them under “Disc 1” and “Disc 2”', async () => {
    await openAlbum('Double Feature');
    const disc2 = main().getByRole('region', { name: 'Disc 2' });
    await disc2.waitFor();
    await main().getByRole('heading', { level: 2, name: 'Disc 1' }).waitFor();
    assert.deepEqual(
      await disc2
        .getByRole('listitem')
        .allInnerTexts()
        .then((items) => items.length),
      1,
    );
    await disc2.getByRole('button', { name: /^Play Side C/ }).waitFor();
    // No folder image and no embedded art: the placeholder, not a broken image.
    assert.equal(await page.getByRole('img', { name: 'Cover of Double Feature' }).count(), 0);
  });

  test('the artist page lists their albums and songs; Back and Alt+← return', async () => {
    await openAlbum('Harbor Lights');
    await main().getByRole('button', { name: albumArtist, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: albumArtist }).waitFor();
    const albums = main().getByRole('region', { name: 'Albums' });
    await albums.getByRole('button', { name: /^Harbor Lights/ }).waitFor();
    await albums.getByRole('button', { name: /^Double Feature/ }).waitFor();
    await view.trackRows(page).nth(5).waitFor();

    await main().getByRole('button', { name: 'Back to Harbor Lights' }).click();
    await page.getByRole('heading', { level: 1, name: 'Harbor Lights' }).waitFor();
    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByRole('heading', { level: 1, name: 'Albums' }).waitFor();

    // A featured artist's page shows the album they are on.
    await showSection('Artists');
    await main()
      .getByRole('button', { name: /^Guest Star/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Guest Star' }).waitFor();
    await main()
      .getByRole('region', { name: 'Albums' })
      .getByRole('button', { name: /^Harbor Lights/ })
      .waitFor();
    assert.equal(await view.trackRows(page).count(), 1);
  });

  /** The header cells shown, each with whether its text is cut or it leaves the list. */
  async function columnHeaders() {
    return view
      .trackGrid(page)
      .getByRole('columnheader')
      .evaluateAll((cells) => {
        const grid = cells[0]!.closest('[role="grid"]')!.getBoundingClientRect();
        return cells
          .filter((cell) => cell.getBoundingClientRect().width > 0)
          .map((cell) => {
            const box = cell.getBoundingClientRect();
            return {
              name: cell.textContent?.trim() ?? '',
              overflows:
                cell.scrollWidth > cell.clientWidth || box.right > grid.right || box.left < grid.left,
            };
          });
      });
  }

  test('from 800×600 up, Title and Artist always show and no column header overflows', async () => {
    for (const [width, height, hidden] of [
      [1280, 800, []],
      [900, 650, ['Album']],
      [800, 600, []],
    ] as const) {
      await page.setViewportSize({ width, height });
      await showSection('Songs');
      const headers = await columnHeaders();
      const names = headers.map((header) => header.name);
      for (const wanted of ['Title', 'Artist', 'Time']) {
        assert.ok(names.includes(wanted), `${wanted} shows at ${width}×${height}: ${names.join(', ')}`);
      }
      for (const dropped of hidden) assert.ok(!names.includes(dropped), `${dropped} dropped at ${width}`);
      assert.deepEqual(
        headers.filter((header) => header.overflows),
        [],
        `headers overflow at ${width}×${height}`,
      );
    }
  });

  test('below 900 px the sidebar folds behind a menu button; below 1000 px the queue overlays', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    const nav = page.getByRole('navigation', { name: 'Library sections' });
    await nav.waitFor({ state: 'hidden' });
    assert.equal(await sidebarToggle().getAttribute('aria-expanded'), 'false');
    await sidebarToggle().click();
    await nav.waitFor();
    assert.equal(await sidebarToggle().getAttribute('aria-expanded'), 'true');
    // The focus goes to the current section, so the keyboard carries on inside the sidebar.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Songs');
    await checkView('sidebar-open');
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Library menu',
    );
    // The menu button stays on top of the open sidebar, so a click folds it again too.
    await sidebarToggle().click();
    await nav.waitFor();
    await sidebarToggle().click();
    await nav.waitFor({ state: 'hidden' });

    await page.setViewportSize({ width: 960, height: 650 });
    const before = await main().boundingBox();
    await page.getByRole('button', { name: 'Show queue' }).click();
    await page.getByRole('button', { name: 'Close queue' }).waitFor();
    assert.deepEqual(await main().boundingBox(), before, 'the open queue does not squeeze the content');
    await page.getByRole('button', { name: 'Close queue' }).click();
  });

  test('every view passes axe at 1280×800 and 800×600, with a screenshot each', async () => {
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await showSection('Songs');
      await view.trackRows(page).first().waitFor();
      await checkView('library');
      await showSection('Albums');
      await albumCard('Harbor Lights').waitFor();
      await checkView('albums');
      await albumCard('Harbor Lights').click();
      await coverLoaded('Cover of Harbor Lights');
      await checkView('album');
      await showSection('Artists');
      await main()
        .getByRole('button', { name: /^Tide Band/ })
        .click();
      await page.getByRole('heading', { level: 1, name: albumArtist }).waitFor();
      await view.trackRows(page).first().waitFor();
      await checkView('artist');
      await showSection('Artists');
      await checkView('artists');
    }
    assert.deepEqual(session.pageErrors, []);
  });

  test('a cover.jpg added to an album folder later reaches its card and page, through the watcher', async () => {
    await showSection('Albums');
    await albumCard('Double Feature').waitFor();
    assert.equal(await albumCard('Double Feature').locator('img').count(), 0);
    await runTool('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc=size=96x96:rate=1', '-frames:v', '1'],
      join(dir, 'Double', 'cover.jpg'),
    ]);
    // The watcher waits for a quiet second, then brings the image to the unchanged songs.
    await albumCard('Double Feature').locator('img').waitFor({ timeout: 60_000 });
    await albumCard('Double Feature').click();
    await page.getByRole('heading', { level: 1, name: 'Double Feature' }).waitFor();
    assert.equal(await coverLoaded('Cover of Double Feature'), 96);
    await saveScreenshot(page, 'albumPages-cover-added-later');
    assert.deepEqual(session.pageErrors, []);
  });
});
