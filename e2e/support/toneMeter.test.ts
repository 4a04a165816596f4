import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readWindows, rmsOf, toneAmplitude } from './toneMeter';

const rate = 44_100;
const sine = (hz: number, amplitude: number, seconds: number) =>
  Float32Array.from(
    { length: rate * seconds },
    (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / rate),
  );

test('a tone reads at its amplitude; a tone 220 Hz away barely reads', () => {
  const tone = sine(440, 0.4, 1);
  assert.ok(Math.abs(toneAmplitude(tone, 0, 2205, rate, 440) - 0.4) < 0.01);
  assert.ok(toneAmplitude(tone, 0, 2205, rate, 660) < 0.004);
  assert.ok(Math.abs(rmsOf(tone, 0, 2205) - 0.4 / Math.SQRT2) < 0.005);
});

test('windows follow where a tone stops and silence begins', () => {
  const samples = new Float32Array(rate * 2);
  samples.set(sine(660, 0.5, 1));
  const readings = readWindows(samples, rate, 0, 1.9, 0.1, [440, 660]);
  assert.ok(readings[2]!.tones[1]! > 0.45 && readings[2]!.tones[0]! < 0.01);
  assert.ok(readings[15]!.rms === 0 && readings[15]!.tones[1] === 0);
});
