/**
 * The Playback part of Settings (issue 24): volume levelling (Off / Track / Album), its pre-amp
 * and clipping prevention are operable by keyboard, kept across a reload, and applied to the
 * track that is playing, as measured at the output. A crossfade overlaps songs of different
 * albums without a dip, and leaves songs of one album, or every song with it off, gapless.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import { decodeRecording } from './support/gapFinder';
import { fadeTones, levelTone, makePlaybackSettingsFixtures } from './support/playbackSettingsFixtures';
import { readWindows, type WindowReading } from './support/toneMeter';
import * as view from './support/trackListView';

interface ProbeWindow {
  __outputProbe: { currentTime(): number; paused(): boolean; level(): number; recordedSeconds(): number };
  /** Now playing's title each time it changed, with the seconds recorded by then. */
  __titles?: { title: string; at: number }[];
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

  async function pause(): Promise<void> {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => (window as unknown as ProbeWindow).__outputProbe.paused());
  }

  /**
   * Plays from `title` and records the output for `seconds` after its first sample, read in
   * 50 ms windows for the fade tones' pitches (in `fadeTones` order). The quieter level probe
   * plays first and is recording when this track is picked: the recorder hands samples over a
   * block late, and a block from before a pause could hold a louder tone.
   */
  async function recordFrom(
    title: string,
    seconds: number,
  ): Promise<{ windows: WindowReading[]; fine: WindowReading[]; titles: { title: string; at: number }[] }> {
    await row(levelTone.title).dblclick();
    await page.waitForFunction(() => (window as unknown as ProbeWindow).__outputProbe.currentTime() > 0.5);
    await page.evaluate('window.__outputProbe.startRecording()');
    // A string, not a function: the test's compiler would name the helpers with its own globals.
    await page.evaluate(`(() => {
      const titles = (window.__titles = []);
      const shown = () => document.querySelector('[data-testid="now-playing-title"]')?.textContent ?? '';
      let last = shown();
      setInterval(() => {
        if (shown() === last) return;
        last = shown();
        titles.push({ title: last, at: window.__outputProbe.recordedSeconds() });
      }, 20);
    })()`);
    await row(title).dblclick();
    await page.waitForFunction(
      (until) => (window as unknown as ProbeWindow).__outputProbe.recordedSeconds() > until,
      seconds + 3,
    );
    const recording = (await page.evaluate('window.__outputProbe.stopRecording()')) as {
      sampleRate: number;
      samples: string;
    };
    const titles = (await page.evaluate(() => (window as unknown as ProbeWindow).__titles)) ?? [];
    await pause();
    const samples = decodeRecording(recording.samples);
    // Where the level probe (peak 0.25) gives way to the fade tones (0.4), at any volume over 65%.
    const first = samples.findIndex((sample) => Math.abs(sample) > 0.26);
    assert.ok(first >= 0, 'the songs were heard');
    const start = first / recording.sampleRate;
    assert.ok(samples.length / recording.sampleRate - start >= seconds, 'all of it was recorded');
    const pitches = fadeTones.map((tone) => tone.hz);
    return {
      windows: readWindows(samples, recording.sampleRate, start, seconds, 0.05, pitches),
      // Short windows for the level: a gap of a few ms would vanish in a 50 ms average.
      fine: readWindows(samples, recording.sampleRate, start + 0.05, seconds - 0.1, 0.01, []),
      titles: titles.map(({ title, at }) => ({ title, at: at - start })),
    };
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  /** Seconds (window starts) where tone `index` reads above a tenth (−20 dB) of `solo`. */
  const heard = (windows: WindowReading[], index: number, solo: number) =>
    windows.filter((w) => w.tones[index]! > solo / 10).map((w) => w.at);

  async function setCrossfade(wanted: string, key: 'ArrowRight' | 'ArrowLeft', presses: number) {
    const dialog = await openSettings();
    const slider = dialog.getByRole('slider', { name: 'Crossfade between songs' });
    await slider.focus();
    for (let press = 0; press < presses; press += 1) await page.keyboard.press(key);
    assert.equal(await slider.getAttribute('aria-valuetext'), wanted);
    assert.equal(await dialog.getByTestId('crossfade-value').innerText(), wanted);
    await closeSettings(dialog);
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

  test('crossfade 4 s: songs of different albums overlap 4 s without a dip; one album stays gapless', async () => {
    await setCrossfade('4 seconds', 'ArrowRight', 4);
    await page.reload();
    await row(levelTone.title).waitFor();
    const kept = await openSettings();
    assert.equal(
      await kept.getByRole('slider', { name: 'Crossfade between songs' }).getAttribute('aria-valuetext'),
      '4 seconds',
    );
    await closeSettings(kept);

    const [a, b, c] = fadeTones as [(typeof fadeTones)[0], (typeof fadeTones)[0], (typeof fadeTones)[0]];
    // A (8 s) fades into B from 4 s to 8 s; B runs into C, its album's next song, at 12 s.
    const { windows, fine, titles } = await recordFrom(a.title, 14);
    const soloA = median(windows.filter((w) => w.at > 0.5 && w.at < 3).map((w) => w.tones[0]!));
    const soloRms = median(windows.filter((w) => w.at > 0.5 && w.at < 3).map((w) => w.rms));
    const heardA = heard(windows, 0, soloA);
    const heardB = heard(windows, 1, soloA);
    const heardC = heard(windows, 2, soloA);
    const overlapFrom = Math.min(...heardB);
    const overlapTo = Math.max(...heardA);
    const overlap = heardB.filter((at) => heardA.includes(at)).length * 0.05;
    const quietest = Math.min(...fine.filter((w) => w.at < 13.8).map((w) => w.rms));
    const joinBC = Math.min(...heardC);
    const overlapBC = heardC.filter((at) => heardB.includes(at)).length * 0.05;
    console.log(
      `crossfade 4 s: ${a.hz} Hz solo ${soloA.toFixed(3)}, ${b.hz} Hz from ${overlapFrom.toFixed(2)} s, ` +
        `${a.hz} Hz until ${overlapTo.toFixed(2)} s, both heard ${overlap.toFixed(2)} s; quietest 10 ms ` +
        `${(20 * Math.log10(quietest / soloRms)).toFixed(2)} dB from solo; ${c.hz} Hz (same album) from ` +
        `${joinBC.toFixed(2)} s, overlapping ${overlapBC.toFixed(2)} s`,
    );
    assert.ok(overlapFrom > 3.5 && overlapFrom < 4.5, `B starts near 4 s: ${overlapFrom}`);
    assert.ok(overlapTo > 7.5 && overlapTo < 8.2, `A ends near 8 s: ${overlapTo}`);
    assert.ok(overlap >= 3 && overlap <= 4.3, `both heard for about 4 s: ${overlap}`);
    // Mid-fade both are at −3 dB of their solo level (equal power), far from silence.
    const middle = windows.find((w) => w.at >= 6)!;
    assert.ok(middle.tones[0]! > soloA * 0.5 && middle.tones[1]! > soloA * 0.5, 'both at mid-fade');
    assert.ok(quietest > soloRms * 0.5, `never a dip or a gap: ${quietest} against ${soloRms}`);
    // B and C are one album's: C starts as B ends, at 12 s, without a crossfade.
    assert.ok(joinBC > 11.8 && joinBC < 12.2, `C starts near 12 s: ${joinBC}`);
    assert.ok(overlapBC <= 0.1, `no crossfade within an album: ${overlapBC} s`);
    // Now playing names B as it starts to be heard, not once A has faded out. (The probe hands
    // samples over about 0.4 s late, so a title is read a little early against the recording.)
    const shownB = titles.find((change) => change.title === b.title)?.at ?? Number.NaN;
    console.log(`crossfade 4 s: Now playing named ${b.hz} Hz at ${shownB.toFixed(2)} s`);
    assert.ok(shownB > 3 && shownB < 5, `Now playing follows the fade-in: ${shownB} s`);
  });

  test('crossfade off: songs of different albums join gaplessly, without overlap', async () => {
    await setCrossfade('Off', 'ArrowLeft', 4);
    const [a] = fadeTones as [(typeof fadeTones)[0]];
    const { windows, fine } = await recordFrom(a.title, 10);
    const soloA = median(windows.filter((w) => w.at > 0.5 && w.at < 3).map((w) => w.tones[0]!));
    const soloRms = median(windows.filter((w) => w.at > 0.5 && w.at < 3).map((w) => w.rms));
    const heardA = heard(windows, 0, soloA);
    const heardB = heard(windows, 1, soloA);
    const overlap = heardB.filter((at) => heardA.includes(at)).length * 0.05;
    // The join is judged from where A is heard: before it, what the recording caught is the switch
    // the double-click made from the song playing before, not a join of the queue.
    const aHeardFrom = Math.min(...heardA);
    const quietest = Math.min(...fine.filter((w) => w.at >= aHeardFrom && w.at < 9.8).map((w) => w.rms));
    console.log(
      `crossfade off: A from ${Math.min(...heardA).toFixed(2)} s until ${Math.max(...heardA).toFixed(2)} s, ` +
        `B from ${Math.min(...heardB).toFixed(2)} s, overlap ${overlap.toFixed(2)} s, quietest 10 ms ` +
        `${(20 * Math.log10(quietest / soloRms)).toFixed(2)} dB from solo`,
    );
    assert.ok(Math.min(...heardB) > 7.8, 'B starts as A ends');
    assert.ok(overlap <= 0.1, `no overlap: ${overlap} s`);
    assert.ok(quietest > soloRms * 0.5, `no gap: ${quietest} against ${soloRms}`);
  });

  test('the page raised no errors', () => {
    assert.deepEqual(session.pageErrors, []);
  });
});
