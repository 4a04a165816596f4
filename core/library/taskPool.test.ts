import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TaskPool } from './taskPool';

describe('TaskPool', () => {
  test('never runs more than its limit at once, and drain waits for every task', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let most = 0;
    let done = 0;
    for (let index = 0; index < 50; index += 1) {
      await pool.run(async () => {
        running += 1;
        most = Math.max(most, running);
        for (let turn = 0; turn < 1 + (index % 4); turn += 1) await nextTurn();
        running -= 1;
        done += 1;
      });
    }
    await pool.drain();
    assert.equal(most, 3);
    assert.equal(done, 50);
  });

  test('a task that fails makes the next run, or drain, throw its error', async () => {
    const pool = new TaskPool(1);
    await pool.run(() => Promise.reject(new Error('disk full')));
    await assert.rejects(
      pool.run(async () => undefined),
      /disk full/,
    );
    const other = new TaskPool(4);
    await other.run(async () => {
      await nextTurn();
      throw new Error('database locked');
    });
    await assert.rejects(other.drain(), /database locked/);
  });
});
