import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickWordPositions, wrongWordPositions } from './recoveryCheck';

const phrase = 'test test test test test test test test test test test junk';

describe('recovery phrase check', () => {
  it('picks different positions inside the phrase, in order', () => {
    for (let run = 0; run < 50; run += 1) {
      const positions = pickWordPositions(12, 3);
      assert.equal(positions.length, 3);
      assert.equal(new Set(positions).size, 3);
      assert.deepEqual(
        positions,
        [...positions].sort((a, b) => a - b),
      );
      assert.ok(positions.every((p) => p >= 1 && p <= 12));
    }
    assert.deepEqual(
      pickWordPositions(2, 3, () => 0),
      [1, 2],
    );
  });

  it('accepts the right words whatever their case or spaces, and names the wrong ones', () => {
    assert.deepEqual(wrongWordPositions(phrase, [1, 12], ['test', ' JUNK ']), []);
    assert.deepEqual(wrongWordPositions(phrase, [1, 12], ['test', 'test']), [12]);
    assert.deepEqual(wrongWordPositions(phrase, [3, 12], ['', '']), [3, 12]);
  });
});
