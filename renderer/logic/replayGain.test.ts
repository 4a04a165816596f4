import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplayGainTags } from '../../core/api/appApi';
import type { ReplayGainSettings } from './replayGain';
import { defaultReplayGain, replayGainFactor } from './replayGain';

const tags = (values: Partial<ReplayGainTags>): ReplayGainTags => ({
  trackGainDb: null,
  trackPeak: null,
  albumGainDb: null,
  albumPeak: null,
  ...values,
});
const settings = (values: Partial<ReplayGainSettings>): ReplayGainSettings => ({
  ...defaultReplayGain,
  ...values,
});
const toDb = (factor: number) => 20 * Math.log10(factor);
const near = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

test('track mode plays the tagged track gain; two tracks tagged 6 dB apart differ by 6 dB', () => {
  const quiet = replayGainFactor(tags({ trackGainDb: 0 }), settings({}));
  const loud = replayGainFactor(tags({ trackGainDb: -6 }), settings({}));
  near(quiet, 1);
  near(toDb(loud), -6);
});

test('album mode uses the album gain, and either mode falls back to the other gain', () => {
  const both = tags({ trackGainDb: -3, albumGainDb: -8 });
  near(toDb(replayGainFactor(both, settings({ mode: 'album' }))), -8);
  near(toDb(replayGainFactor(both, settings({ mode: 'track' }))), -3);
  near(toDb(replayGainFactor(tags({ trackGainDb: -3 }), settings({ mode: 'album' }))), -3);
  near(toDb(replayGainFactor(tags({ albumGainDb: -8 }), settings({ mode: 'track' }))), -8);
});

test('off, untagged and gain-less tracks play at unity, pre-amp left out', () => {
  assert.equal(replayGainFactor(tags({ trackGainDb: -6 }), settings({ mode: 'off' })), 1);
  assert.equal(replayGainFactor(undefined, settings({ preampDb: 6 })), 1);
  assert.equal(replayGainFactor(tags({ trackPeak: 0.5 }), settings({ preampDb: 6 })), 1);
});

test('the pre-amp adds to the tagged gain', () => {
  near(toDb(replayGainFactor(tags({ trackGainDb: -6 }), settings({ preampDb: 4 }))), -2);
});

test('clipping prevention keeps gain × peak at or below full scale, only when asked', () => {
  const boosted = tags({ trackGainDb: 6, trackPeak: 0.8 });
  near(replayGainFactor(boosted, settings({})), 1 / 0.8);
  near(toDb(replayGainFactor(boosted, settings({ preventClipping: false }))), 6);
  // A cut never needs limiting: the peak only matters when the gain would push past it.
  near(toDb(replayGainFactor(tags({ trackGainDb: -6, trackPeak: 0.8 }), settings({}))), -6);
  // Album mode limits by the album's peak (0.5 allows 6.02 dB), not the track's.
  const album = tags({ albumGainDb: 6, albumPeak: 0.5, trackPeak: 0.9 });
  near(toDb(replayGainFactor(album, settings({ mode: 'album' }))), 6);
});

test('album mode with a pre-amp is limited by the album peak when clipping is prevented', () => {
  const album = tags({ trackGainDb: -2, albumGainDb: -4, albumPeak: 0.8, trackPeak: 0.9 });
  // −4 dB + 6 dB = +2 dB, above 1/0.8 (+1.94 dB): held at 1/0.8.
  near(replayGainFactor(album, settings({ mode: 'album', preampDb: 6 })), 1 / 0.8);
  near(toDb(replayGainFactor(album, settings({ mode: 'album', preampDb: 6, preventClipping: false }))), 2);
  // Track mode with the same pre-amp: −2 + 6 = +4 dB, held at 1/0.9.
  near(replayGainFactor(album, settings({ preampDb: 6 })), 1 / 0.9);
  // A negative pre-amp only cuts, whatever the peak.
  near(toDb(replayGainFactor(album, settings({ mode: 'album', preampDb: -6 }))), -10);
  // Off ignores the pre-amp as well as the tags.
  assert.equal(replayGainFactor(album, settings({ mode: 'off', preampDb: 6 })), 1);
});
