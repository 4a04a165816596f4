import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlayCount, secondsToCount } from './playCount';

/** A monotonic clock the tests move by hand, in milliseconds. */
let clock = 0;

/** Plays from `from` to `to` seconds in the steps the controller reports (250 ms, or `step`). */
function listen(count: PlayCount, from: number, to: number, duration: number, step = 0.25): number[] {
  const countedAt: number[] = [];
  for (let position = from; position <= to + 1e-9; position += step) {
    clock += step * 1000;
    if (count.progress(position, true, duration, clock)) countedAt.push(Math.round(position * 100) / 100);
  }
  return countedAt;
}

describe('secondsToCount', () => {
  it('is half the track, at most four minutes, and four minutes when the length is unknown', () => {
    assert.equal(secondsToCount(20), 10);
    assert.equal(secondsToCount(300), 150);
    assert.equal(secondsToCount(480), 240);
    assert.equal(secondsToCount(3600), 240);
    assert.equal(secondsToCount(0), 240);
    assert.equal(secondsToCount(Number.NaN), 240);
  });
});

describe('PlayCount', () => {
  it('counts once, when half a short track was heard', () => {
    const count = new PlayCount();
    assert.deepEqual(listen(count, 0, 20, 20), [10]);
  });

  it('counts a long track after four minutes', () => {
    const count = new PlayCount();
    assert.deepEqual(listen(count, 0, 600, 3600), [240]);
  });

  it('does not count a skip: seeking past the middle is not hearing it', () => {
    const count = new PlayCount();
    assert.deepEqual(listen(count, 0, 3, 20), []);
    clock += 250;
    assert.equal(count.progress(15, true, 20, clock), false, 'a jump is a seek');
    assert.deepEqual(listen(count, 15, 20, 20), []);
  });

  it('does not count time while paused', () => {
    const count = new PlayCount();
    for (let position = 0; position <= 20; position += 0.25) {
      clock += 250;
      count.progress(position, false, 20, clock);
    }
    assert.deepEqual(listen(count, 0, 9, 20), []);
  });

  it('counts time heard while the page was too busy to report it, in late, long steps', () => {
    const count = new PlayCount();
    assert.deepEqual(listen(count, 0, 12, 20, 4), [12]);
  });

  it('counts again after a restart (repeat, or the same track started again)', () => {
    const count = new PlayCount();
    assert.deepEqual(listen(count, 0, 20, 20), [10]);
    count.restart();
    assert.deepEqual(listen(count, 0, 20, 20), [10]);
  });

  it('counts heard time across a seek back', () => {
    const count = new PlayCount();
    assert.deepEqual(listen(count, 0, 6, 20), []);
    clock += 250;
    count.progress(1, true, 20, clock);
    assert.deepEqual(listen(count, 1, 6, 20), [5]);
  });
});
