/**
 * The Playback part of Settings (issue 24): volume levelling (Off / Track / Album), its pre-amp
 * and clipping prevention are operable by keyboard, kept across a reload, and applied to the
 * track that is playing, as measured at the output.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import { levelTone, makePlaybackSettingsFixtures } from './support/playbackSettingsFixtures';
import * as view from './support/trackListView';

interface ProbeWindow {
  __outputProbe: { currentTime(): number; paused(): boolean; level(): number };
}

describe('playback settings', () => {
  let dir: string;
  let session: E2eSession;
  let page: Page;

  const row = (title: string) => view.trackRows(page).filter({ hasText: title }).first();
  const preamp = (dialog: Locator) => dialog.getByRole('slider', { name: 'Pre-amp' });

  async function openSettings(): Promise<Locator> {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('heading', { name: 'Playback' }).waitFor();
    return dialog;
  }

  async function closeSettings(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Presses an arrow key on the pre-amp slider until it reads `wanted`. */
  async function setPreamp(
    dialog: Locator,
    wanted: string,
    key: 'ArrowRight' | 'ArrowLeft',
    presses: number,
  ) {
    const slider = preamp(dialog);
    await slider.focus();
    for (let press = 0; press < presses; press += 1) await page.keyboard.press(key);
    assert.equal(await slider.getAttribute('aria-valuetext'), wanted);
    assert.equal(await dialog.getByTestId('replay-gain-preamp-value').innerText(), wanted);
  }

  /** The output's RMS level in dBFS, averaged over ten readings a tenth of a second apart. */
  async function measuredLevelDb(): Promise<number> {
    let sum = 0;
    for (let reading = 0; reading < 10; reading += 1) {
      sum += (await page.evaluate('window.__outputProbe.level()')) as number;
      await page.waitForTimeout(100);
    }
    return 20 * Math.log10(sum / 10);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'busker-e2e-playback-settings-'));
    await makePlaybackSettingsFixtures(dir);
    session = await openE2eSession();
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await session.backend.api.importFolder(join(dir, 'music'));
    await page.reload();
    await row(levelTone.title).waitFor();
  });

  after(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('levelling starts on Track with clipping prevented; Album and a pre-amp are kept after a reload', async () => {
    let dialog = await openSettings();
    assert.equal(await dialog.getByRole('radio', { name: /^Track/ }).isChecked(), true);
    assert.equal(await preamp(dialog).getAttribute('aria-valuetext'), '0 dB');
    const clipping = dialog.getByRole('checkbox', { name: /Prevent clipping/ });
    assert.equal(await clipping.isChecked(), true);

    // By keyboard only: arrows move within the radio group, arrows step the slider by 0.5 dB.
    await dialog.getByRole('radio', { name: /^Track/ }).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await dialog.getByRole('radio', { name: /^Album/ }).isChecked(), true);
    await setPreamp(dialog, '+2.5 dB', 'ArrowRight', 5);
    await clipping.focus();
    await page.keyboard.press('Space');
    assert.equal(await clipping.isChecked(), false);

    assert.deepEqual(await seriousAxeViolations(page), []);
    await saveScreenshot(page, 'playback-settings-1280x800');
    await page.setViewportSize({ width: 800, height: 600 });
    assert.deepEqual(await seriousAxeViolations(page), []);
    await saveScreenshot(page, 'playback-settings-800x600');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.reload();
    await row(levelTone.title).waitFor();
    dialog = await openSettings();
    assert.equal(await dialog.getByRole('radio', { name: /^Album/ }).isChecked(), true);
    assert.equal(await preamp(dialog).getAttribute('aria-valuetext'), '+2.5 dB');
    assert.equal(await preamp(dialog).inputValue(), '2.5');
    assert.equal(await dialog.getByRole('checkbox', { name: /Prevent clipping/ }).isChecked(), false);

    // Off leaves nothing to adjust: the pre-amp and clipping prevention are disabled.
    await dialog.getByRole('radio', { name: /^Off/ }).check();
    assert.equal(await preamp(dialog).isDisabled(), true);

    // Back to the defaults for the measurement below.
    await dialog.getByRole('radio', { name: /^Track/ }).check();
    await setPreamp(dialog, '0 dB', 'ArrowLeft', 5);
    await dialog.getByRole('checkbox', { name: /Prevent clipping/ }).check();
    await closeSettings(dialog);
  });

  test('raising the pre-amp by 6 dB raises the playing track by 6 dB (±0.5) at the output', async () => {
    await row(levelTone.title).dblclick();
    await page.waitForFunction(() => (window as unknown as ProbeWindow).__outputProbe.currentTime() > 0.5);
    const before = await measuredLevelDb();

    const dialog = await openSettings();
    await setPreamp(dialog, '+6 dB', 'ArrowRight', 12);
    await page.waitForTimeout(300);
    const raised = await measuredLevelDb();
    const position = (await page.evaluate('window.__outputProbe.currentTime()')) as number;
    assert.ok(position < levelTone.seconds - 1, 'the same track was measured both times');
    console.log(
      `pre-amp 0 dB: ${before.toFixed(2)} dBFS, +6 dB: ${raised.toFixed(2)} dBFS (${(raised - before).toFixed(2)} dB)`,
    );
    assert.ok(Math.abs(raised - before - 6) <= 0.5, `${before.toFixed(2)} → ${raised.toFixed(2)} dBFS`);

    // Clipping prevention holds a pre-amp past the peak: +15 dB on a 0.25 peak stops at +12 dB.
    await setPreamp(dialog, '+15 dB', 'ArrowRight', 18);
    await page.waitForTimeout(300);
    const held = await measuredLevelDb();
    console.log(`pre-amp +15 dB with clipping prevented: ${held.toFixed(2)} dBFS`);
    assert.ok(
      Math.abs(held - before - 12) <= 0.5,
      `held at +12 dB: ${before.toFixed(2)} → ${held.toFixed(2)}`,
    );

    await setPreamp(dialog, '0 dB', 'ArrowLeft', 30);
    await closeSettings(dialog);
    await page.getByRole('button', { name: 'Pause' }).click();
  });

  test('the page raised no errors', () => {
    assert.deepEqual(session.pageErrors, []);
  });
});
