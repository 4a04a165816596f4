/**
 * Search as a newcomer uses it (issue 24), in Debian's Chromium against the headless host: folded
 * letters find each other ("agaetis" finds "Ágætis"), results come grouped as Artists, Albums and
 * Songs with the exact hit first, and an emoji says "Nothing found" instead of listing everything.
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

const songs = [
  { title: 'Svefn-g-englar', artist: 'Sigur Rós', album: 'Ágætis byrjun' },
  { title: 'Starálfur', artist: 'Sigur Rós', album: 'Ágætis byrjun' },
  { title: 'Ágætis byrjun', artist: 'Sigur Rós', album: 'Ágætis byrjun' },
  { title: 'Eple', artist: 'Røyksopp', album: 'Melody A.M.' },
  { title: 'Straße', artist: 'Die Ærzte', album: 'Øl og Ðøgn' },
];

/** A one-second tagged FLAC per song: real files for the real importer. */
async function makeSongs(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [index, song] of songs.entries()) {
    await runTool('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-f', 'lavfi', '-i', `sine=frequency=${440 + index * 110}:sample_rate=44100:duration=1`],
      ...['-ac', '1', '-c:a', 'flac'],
      ...['-metadata', `title=${song.title}`, '-metadata', `artist=${song.artist}`],
      ...['-metadata', `album=${song.album}`, '-metadata', `track=${index + 1}`],
      join(dir, `song-${index}.flac`),
    ]);
  }
}

describe('search in Chromium against the headless host', () => {
  let musicDir: string;
  let session: E2eSession;
  let page: Page;

  const searchBox = () => page.getByRole('searchbox', { name: 'Search library' });
  const group = (name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });
  const groupItems = (name: string) =>
    group(name)
      .getByRole('listitem')
      .evaluateAll((items) =>
        items.map((item) => item.querySelector('.search-hit__name')?.textContent ?? ''),
      );

  /** Checks the page at both window sizes: axe finds nothing serious, and a screenshot is kept. */
  async function checkAtBothSizes(name: string): Promise<void> {
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await seriousAxeViolations(page), [], `axe at ${width}×${height}`);
      await saveScreenshot(page, `search-${name}-${width}x${height}`);
    }
  }

  before(async () => {
    musicDir = await mkdtemp(join(tmpdir(), 'busker-e2e-search-'));
    await makeSongs(musicDir);
    session = await openE2eSession();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const summary = await session.backend.api.importFolder(musicDir);
    assert.equal(summary.added, songs.length, JSON.stringify(summary.issues));
    await page.reload();
    await view
      .trackRows(page)
      .nth(songs.length - 1)
      .waitFor();
  });

  after(async () => {
    await session?.close();
    await rm(musicDir, { recursive: true, force: true });
  });

  test('"agaetis" finds "Ágætis byrjun": its album, and the song of that exact name first', async () => {
    await searchBox().pressSequentially('agaetis');
    await group('Albums').waitFor();
    assert.deepEqual(await groupItems('Albums'), ['Ágætis byrjun']);
    assert.equal(await group('Artists').count(), 0, 'no artist is named agaetis');
    await page.getByRole('heading', { name: 'Songs', level: 2 }).waitFor();
    await page.getByText('3 songs match “agaetis”').waitFor();
    const titles = await view.rowTitles(page);
    assert.equal(titles[0], 'Ágætis byrjun', 'the exact title comes first');
    assert.deepEqual([...titles].sort(), ['Starálfur', 'Svefn-g-englar', 'Ágætis byrjun']);
    await checkAtBothSizes('agaetis');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('an artist query shows Artists, Albums and Songs; choosing the album opens it', async () => {
    await searchBox().fill('sigur');
    await group('Artists').waitFor();
    assert.deepEqual(await groupItems('Artists'), ['Sigur Rós']);
    assert.deepEqual(await groupItems('Albums'), ['Ágætis byrjun']);
    await page.getByText('3 songs match “sigur”').waitFor();

    await searchBox().fill('aerzte');
    await group('Artists')
      .getByRole('button', { name: /Die Ærzte/ })
      .waitFor();
    assert.deepEqual(await groupItems('Albums'), ['Øl og Ðøgn']);
    assert.deepEqual(await view.rowTitles(page), ['Straße']);

    await group('Albums')
      .getByRole('button', { name: /Øl og Ðøgn/ })
      .click();
    await page.getByRole('heading', { name: 'Øl og Ðøgn', level: 1 }).waitFor();
    assert.equal(await searchBox().inputValue(), '', 'opening the album leaves the search');
  });

  test('an emoji finds nothing and says so, instead of listing the whole library', async () => {
    await searchBox().fill('🎸');
    const nothing = page.getByRole('status').filter({ hasText: 'Nothing found for “🎸”' });
    await nothing.waitFor();
    assert.match(await nothing.innerText(), /Emoji and symbols on their own match nothing/);
    assert.equal(await view.trackGrid(page).count(), 0, 'no track list at all');
    assert.equal(await group('Artists').count(), 0);
    await checkAtBothSizes('nothing-found');
    await page.setViewportSize({ width: 1280, height: 800 });

    await searchBox().fill('zzyzx');
    await page.getByRole('status').filter({ hasText: 'Nothing found for “zzyzx”' }).waitFor();

    // Escape clears the search: the whole library is back, and no group is left over.
    await searchBox().press('Escape');
    await view
      .trackRows(page)
      .nth(songs.length - 1)
      .waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Songs', level: 1 }).count(), 1);
    assert.equal(await group('Albums').count(), 0);
    assert.deepEqual(session.pageErrors, []);
  });
});
