/**
 * Playback quality, measured at the output (issue 24). An album made of one continuous sine split
 * into three files must play without a gap or jump at its boundaries, as FLAC and as MP3 with
 * LAME gapless info; the same MP3 parts without that info keep the encoder's silence, and the
 * measurement must see it. Two tracks tagged with ReplayGain 6 dB apart must play equally loud.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { decodeRecording, findDisturbances, type ToneAnalysis } from './support/gapFinder';
import {
  makeGaplessFixtures,
  PART_COUNT,
  PART_SECONDS,
  TONE_HZ,
  type GaplessAlbum,
  type GaplessFixtures,
} from './support/gaplessFixtures';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import * as view from './support/trackListView';

/** The brief's bound: anything broken for longer is a gap a listener can hear. */
const MAX_GAP_MS = 5;

/** What support/outputProbe.browser.js puts on the page's window (page functions cast to it). */
interface ProbeWindow {
  __outputProbe: { currentTime(): number; paused(): boolean; recordedSeconds(): number };
}

describe('gapless playback and ReplayGain, measured at the output', () => {
  let dir: string;
  let fixtures: GaplessFixtures;
  let session: E2eSession;
  let page: Page;

  const row = (title: string) => view.trackRows(page).filter({ hasText: title }).first();

  async function waitForNowPlaying(title: string): Promise<void> {
    await page.waitForFunction(
      (wanted) => document.querySelector('[data-testid="now-playing-title"]')?.textContent === wanted,
      title,
    );
  }

  async function pause(): Promise<void> {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => (window as unknown as ProbeWindow).__outputProbe.paused());
  }

  /** Plays the album from its first track and records it to the end of its last. */
  async function recordAlbum(album: GaplessAlbum): Promise<ToneAnalysis & { sampleRate: number }> {
    // Another track first, paused: the album's first track (perhaps next in the list, so playing
    // on gaplessly from the last test) must start afresh, from its first sample.
    await row(fixtures.loudTagged).dblclick();
    await waitForNowPlaying(fixtures.loudTagged);
    await pause();
    await page.evaluate('window.__outputProbe.startRecording()');
    await row(album.titles[0]!).dblclick();
    await waitForNowPlaying(album.titles[0]!);
    // The tone starts after this (the first file is decoded first): record the album and a second more.
    const from = (await page.evaluate('window.__outputProbe.recordedSeconds()')) as number;
    await page.waitForFunction(
      (until) => (window as unknown as ProbeWindow).__outputProbe.recordedSeconds() > until,
      from + PART_COUNT * PART_SECONDS + 1,
    );
    const recording = (await page.evaluate('window.__outputProbe.stopRecording()')) as {
      sampleRate: number;
      samples: string;
    };
    await pause();
    const samples = decodeRecording(recording.samples);
    // The album's own length, less a few ms: what follows it in the list is another album.
    const seconds = PART_COUNT * PART_SECONDS - 0.25;
    const analysis = findDisturbances(samples, recording.sampleRate, TONE_HZ, seconds);
    assert.ok(analysis.toneStart >= 0, 'the album was heard');
    assert.ok(
      samples.length / recording.sampleRate - analysis.toneStart >= seconds,
      'the whole album was recorded',
    );
    return { ...analysis, sampleRate: recording.sampleRate };
  }

  // Without gapless info each part adds its encoder delay and padding, and the first part its
  // priming: those boundaries come up to a few hundred ms late.
  const nearBoundary = (analysis: ToneAnalysis, boundary: number) =>
    analysis.disturbances.filter((d) => Math.abs(d.at - boundary * PART_SECONDS) < 0.75);

  const describeBreaks = (analysis: ToneAnalysis) =>
    analysis.disturbances.map((d) => `${d.lengthMs.toFixed(2)} ms at ${d.at.toFixed(3)} s`).join(', ') ||
    'none';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'busker-e2e-gapless-'));
    fixtures = await makeGaplessFixtures(dir);
    session = await openE2eSession();
    page = session.page;
    await session.backend.api.importFolder(join(dir, 'music'));
    await page.reload();
    await row(fixtures.quietTagged).waitFor();
  });

  after(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, pick] of [
    ['FLAC', (f: GaplessFixtures) => f.flac],
    ['MP3 with LAME gapless info', (f: GaplessFixtures) => f.mp3],
  ] as const) {
    test(`${name}: no silence or jump longer than ${MAX_GAP_MS} ms where the tracks meet`, async () => {
      const analysis = await recordAlbum(pick(fixtures));
      console.log(`${name} at ${analysis.sampleRate} Hz: breaks ${describeBreaks(analysis)}`);
      // What is judged is where the tracks meet; a break elsewhere is the machine, not the join.
      for (let boundary = 1; boundary < PART_COUNT; boundary += 1) {
        const broken = nearBoundary(analysis, boundary).filter((d) => d.lengthMs >= MAX_GAP_MS);
        assert.deepEqual(broken, [], `boundary ${boundary}: breaks ${describeBreaks(analysis)}`);
      }
    });
  }

  test('control: MP3 without gapless info shows the encoder silence at each boundary', async () => {
    const analysis = await recordAlbum(fixtures.mp3WithoutGaplessInfo);
    console.log(`control at ${analysis.sampleRate} Hz: breaks ${describeBreaks(analysis)}`);
    for (let boundary = 1; boundary < PART_COUNT; boundary += 1) {
      const near = nearBoundary(analysis, boundary).filter((d) => d.lengthMs >= MAX_GAP_MS);
      assert.equal(near.length, 1, `a gap at boundary ${boundary}: ${describeBreaks(analysis)}`);
    }
  });

  test('ReplayGain: tracks tagged 6 dB apart, 6 dB apart in level, play within 0.5 dB', async () => {
    const levelOf = async (title: string) => {
      await row(title).dblclick();
      await waitForNowPlaying(title);
      await page.waitForFunction(() => (window as unknown as ProbeWindow).__outputProbe.currentTime() > 0.5);
      const level = (await page.evaluate('window.__outputProbe.level()')) as number;
      await pause();
      return 20 * Math.log10(level);
    };
    const loud = await levelOf(fixtures.loudTagged);
    const quiet = await levelOf(fixtures.quietTagged);
    console.log(`ReplayGain on: loud ${loud.toFixed(2)} dBFS, quiet ${quiet.toFixed(2)} dBFS`);
    assert.ok(Math.abs(loud - quiet) < 0.5, `levels ${loud.toFixed(2)} and ${quiet.toFixed(2)} dBFS`);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await saveScreenshot(page, 'gapless-replay-gain');
  });

  test('the page raised no errors', () => {
    assert.deepEqual(session.pageErrors, []);
  });
});
