import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CrossfadeTimes } from './crossfade';
import { clampCrossfade, crossfadeBetween, equalPowerCurve, planCrossfade } from './crossfade';

const times = (values: Partial<CrossfadeTimes>): CrossfadeTimes => ({
  currentEnd: 100,
  currentDuration: 200,
  nextDuration: 200,
  seconds: 4,
  now: 50,
  minimumLead: 0.05,
  ...values,
});
const near = (actual: number | undefined, expected: number) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

test('the slider offers whole seconds from 0 to 12', () => {
  assert.equal(clampCrossfade(4), 4);
  assert.equal(clampCrossfade(3.6), 4);
  assert.equal(clampCrossfade(-2), 0);
  assert.equal(clampCrossfade(30), 12);
  assert.equal(clampCrossfade(Number.NaN), 0);
});

test('songs of one album are not crossfaded; songs of different albums are', () => {
  assert.equal(crossfadeBetween({ albumId: 3 }, { albumId: 3 }, 4), 0);
  assert.equal(crossfadeBetween({ albumId: 3 }, { albumId: 4 }, 4), 4);
  // Songs without an album are no album's: they crossfade.
  assert.equal(crossfadeBetween({ albumId: null }, { albumId: null }, 4), 4);
  assert.equal(crossfadeBetween(null, { albumId: 4 }, 4), 0);
  assert.equal(crossfadeBetween({ albumId: 3 }, { albumId: 4 }, 0), 0);
});

test('without a crossfade the next song starts at the last sample of the current one', () => {
  assert.deepEqual(planCrossfade(times({ seconds: 0 })), { startAt: 100, overlap: 0 });
});

test('with a crossfade the next song starts that long before the end', () => {
  assert.deepEqual(planCrossfade(times({})), { startAt: 96, overlap: 4 });
  assert.deepEqual(planCrossfade(times({ seconds: 12 })), { startAt: 88, overlap: 12 });
});

test('the overlap is at most half of either song', () => {
  assert.deepEqual(planCrossfade(times({ currentDuration: 6 })), { startAt: 97, overlap: 3 });
  assert.deepEqual(planCrossfade(times({ nextDuration: 2 })), { startAt: 99, overlap: 1 });
});

test('a fade that should have begun starts now over what is left', () => {
  const plan = planCrossfade(times({ now: 98 }));
  near(plan?.startAt, 98.05);
  near(plan?.overlap, 1.95);
});

test('too close to the end to fade, the songs join gaplessly; closer still, nothing is scheduled', () => {
  assert.deepEqual(planCrossfade(times({ now: 99.92 })), { startAt: 100, overlap: 0 });
  assert.equal(planCrossfade(times({ now: 99.97 })), null);
  assert.equal(planCrossfade(times({ now: 101 })), null);
});

test('equal-power curves rise and fall between 0 and 1 with a constant sum of squares', () => {
  const fadeIn = equalPowerCurve('in', 65);
  const fadeOut = equalPowerCurve('out', 65);
  assert.equal(fadeIn.length, 65);
  near(fadeIn[0], 0);
  near(fadeIn[64], 1);
  near(fadeOut[0], 1);
  assert.ok(Math.abs(fadeOut[64]!) < 1e-7);
  for (let index = 0; index < 65; index += 1) {
    assert.ok(Math.abs(fadeIn[index]! ** 2 + fadeOut[index]! ** 2 - 1) < 1e-6, `point ${index}`);
    if (index > 0) assert.ok(fadeIn[index]! > fadeIn[index - 1]!, 'rises');
  }
  // Halfway both are at −3 dB, not −6 dB as a linear fade would be.
  near(Math.round(20 * Math.log10(fadeIn[32]!) * 100) / 100, -3.01);
  assert.equal(equalPowerCurve('in', 0).length, 2);
});
