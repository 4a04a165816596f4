/**
 * Journey 1 end to end: a newcomer imports a folder through the UI of the headless host in
 * Debian's Chromium, searches, plays (sound proven by an analyser on the output), seeks and
 * moves through the queue; hostile tags show as text and run nothing.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { makeAudioFixtures, type AudioFixtures } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import * as view from './support/trackListView';

const signalLevel = 0.01;

describe('a listener with a folder of music, in Chromium against the headless host', () => {
  let fixtures: AudioFixtures;
  let session: E2eSession;
  let page: Page;
  let fixturesDir: string;

  const trackGrid = () => view.trackGrid(page);
  const trackRows = () => view.trackRows(page);
  const nowPlayingTitle = () => view.nowPlayingTitle(page);
  const rowTitles = () => view.rowTitles(page);
  const probe = <T>(fn: string) => page.evaluate(`window.__outputProbe.${fn}()`) as Promise<T>;

  async function waitForSound(): Promise<number> {
    await page.waitForFunction((level) => {
      const probeApi = (window as unknown as { __outputProbe: { level(): number } }).__outputProbe;
      return probeApi.level() > level;
    }, signalLevel);
    return probe<number>('level');
  }

  async function search(text: string): Promise<void> {
    const box = page.getByRole('searchbox', { name: 'Search library' });
    await box.fill(text);
  }

  async function playRow(row: Locator): Promise<void> {
    await row.dblclick();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
  }

  before(async () => {
    fixturesDir = await mkdtemp(join(tmpdir(), 'busker-e2e-music-'));
    fixtures = await makeAudioFixtures(fixturesDir);
    session = await openE2eSession();
    page = session.page;
  });

  after(async () => {
    await session?.close();
    await rm(fixturesDir, { recursive: true, force: true });
  });

  test('a newcomer sees what to do with an empty library', async () => {
    await page.getByRole('button', { name: /Import a folder of music/i }).waitFor();
    assert.equal(await trackRows().count(), 0);
  });

  test('imports a folder through the UI and reports the files that are not audio', async () => {
    await page.getByRole('button', { name: 'Import folder' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import a folder' });
    await dialog.getByLabel('Folder path').fill(fixtures.dir);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    const issues = page.getByRole('list', { name: 'Import issues' });
    await issues.waitFor();
    const issueText = await issues.innerText();
    for (const broken of fixtures.broken) {
      assert.ok(
        issueText.includes(broken.relativePath),
        `the summary names ${broken.relativePath}: ${issueText}`,
      );
    }
    await trackRows()
      .nth(fixtures.tracks.length - 1)
      .waitFor();
    assert.equal(await trackRows().count(), fixtures.tracks.length);
  });

  test('finds tracks by prefix, ignoring accents, and by non-Latin text', async () => {
    await search('beyon');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex]:not([aria-rowindex="1"])')
          .length === 2,
    );
    const beyonce = fixtures.tracks.filter((track) => track.artist === 'Beyoncé').map((track) => track.title);
    assert.deepEqual((await rowTitles()).sort(), beyonce.sort());

    await search('夜明け');
    await trackGrid()
      .getByRole('row', { name: /夜明けの歌/ })
      .waitFor();
    await search('');
    await trackRows()
      .nth(fixtures.tracks.length - 1)
      .waitFor();
  });

  test('shows a tag carrying HTML as literal text and runs nothing', async () => {
    const row = trackGrid().getByRole('row', { name: /Payload/ });
    await row.waitFor();
    assert.ok((await row.innerText()).includes(fixtures.htmlPayloadTitle));
    assert.equal(await trackGrid().locator('img[src="x"]').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  test('plays a track and sound reaches the output', async () => {
    const titles = await rowTitles();
    await playRow(trackRows().first());
    assert.equal(await nowPlayingTitle().innerText(), titles[0]);
    const level = await waitForSound();
    assert.ok(level > signalLevel, `output level ${level}`);
  });

  test('seeking lands within half a second of the target', async () => {
    const target = 12;
    await page.getByRole('slider', { name: 'Seek' }).fill(String(target));
    await page.waitForFunction((wanted) => {
      const probeApi = (window as unknown as { __outputProbe: { currentTime(): number } }).__outputProbe;
      const time = probeApi.currentTime();
      return time >= wanted - 0.5 && time <= wanted + 0.5;
    }, target);
    const landed = await probe<number>('currentTime');
    assert.ok(Math.abs(landed - target) <= 0.5, `landed at ${landed}`);
    await waitForSound();
  });

  test('next and previous follow the queue', async () => {
    const titles = await rowTitles();
    await page.getByRole('button', { name: 'Next track' }).click();
    await page.waitForFunction(
      (title) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === title,
      titles[1],
    );
    await waitForSound();
    await page.getByRole('button', { name: 'Previous track' }).click();
    await page.waitForFunction(
      (title) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === title,
      titles[0],
    );
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.equal(await probe<boolean>('paused'), true);
  });

  test('lists the imported folder, and a file copied into it joins the track list with no click', async () => {
    const folderPath = await realpath(fixtures.dir);
    const folders = page.getByRole('list', { name: 'Folders' });
    const remove = folders.getByRole('button', { name: `Remove folder ${folderPath}`, exact: true });
    await remove.waitFor();
    assert.ok((await folders.innerText()).includes(`${fixtures.tracks.length} songs`));
    await remove.click();
    const confirm = page.getByRole('dialog', { name: 'Remove a folder' });
    assert.equal(
      (await confirm.getByRole('paragraph').innerText()).trim(),
      `Remove ${folderPath} from the library? The files stay on disk.`,
    );
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });

    const before = await trackRows().count();
    const flac = fixtures.tracks.find((track) => track.format === 'flac')!;
    await copyFile(flac.path, join(fixtures.dir, 'Copied While Watching.flac'));
    await trackRows().nth(before).waitFor();
    assert.equal(await trackRows().count(), before + 1);
    assert.ok((await folders.innerText()).includes(`${fixtures.tracks.length + 1} songs`));
  });

  test('the page raised no errors', () => {
    assert.deepEqual(session.pageErrors, []);
  });
});
