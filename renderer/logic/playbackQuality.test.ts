import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampPreamp, readReplayGain } from './playbackQuality';
import { defaultReplayGain } from './replayGain';

test('the pre-amp stays inside ±15 dB on 0.5 dB steps', () => {
  assert.equal(clampPreamp(6), 6);
  assert.equal(clampPreamp(2.3), 2.5);
  assert.equal(clampPreamp(-0.1), 0);
  assert.ok(Object.is(clampPreamp(-0.1), 0), 'no negative zero');
  assert.equal(clampPreamp(40), 15);
  assert.equal(clampPreamp(-40), -15);
  assert.equal(clampPreamp(Number.NaN), 0);
  assert.equal(clampPreamp(Number.POSITIVE_INFINITY), 0);
});

test('saved levelling settings are read back as they were saved', () => {
  const saved = { mode: 'album', preampDb: 4.5, preventClipping: false };
  assert.deepEqual(readReplayGain(JSON.parse(JSON.stringify(saved))), saved);
});

test('a damaged saved field falls back to its default; the rest is kept', () => {
  assert.deepEqual(readReplayGain({ mode: 'loud', preampDb: 3, preventClipping: true }), {
    ...defaultReplayGain,
    preampDb: 3,
  });
  assert.deepEqual(readReplayGain({ mode: 'off', preampDb: '12', preventClipping: 'yes' }), {
    ...defaultReplayGain,
    mode: 'off',
  });
  assert.deepEqual(readReplayGain({ mode: 'track', preampDb: 99 }).preampDb, 15);
});

test('anything that is not an object gives the defaults', () => {
  for (const saved of [null, 'album', 3, [], undefined])
    assert.deepEqual(readReplayGain(saved), defaultReplayGain);
});
