import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDisturbances } from './gapFinder';

const rate = 48_000;
const sine = (seconds: number, phase = 0) =>
  Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, n) => 0.4 * Math.sin((2 * Math.PI * 440 * n) / rate + phase),
  );
const join = (...parts: Float32Array[]) => {
  const all = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};

test('a continuous tone after leading silence has no disturbance', () => {
  const analysis = findDisturbances(join(new Float32Array(4800), sine(2)), rate, 440, 1.9);
  assert.equal(analysis.disturbances.length, 0);
  assert.ok(Math.abs(analysis.toneStart - 0.1) < 0.001);
});

test('a 25 ms hole is found where it is, and about as long', () => {
  const recording = join(sine(1), new Float32Array(1200), sine(1));
  const [hole, ...rest] = findDisturbances(recording, rate, 440, 1.9).disturbances;
  assert.equal(rest.length, 0);
  assert.ok(hole && hole.lengthMs > 20 && hole.lengthMs < 30, JSON.stringify(hole));
  assert.ok(hole && Math.abs(hole.at - 1) < 0.005);
});

test('a phase jump without silence is found, and is short', () => {
  const recording = join(sine(1), sine(1, Math.PI / 2));
  const [jump, ...rest] = findDisturbances(recording, rate, 440, 1.9).disturbances;
  assert.equal(rest.length, 0);
  assert.ok(jump && jump.lengthMs < 1, JSON.stringify(jump));
});
