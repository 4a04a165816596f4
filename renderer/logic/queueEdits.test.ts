import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { append, insertNext, moveEntry } from './queueEdits';
import type { QueueState } from './queueOrder';
import { playOrder } from './queueOrder';

const base: QueueState = { queue: [10, 20, 30, 40], index: 1, shuffleOrder: null, repeat: 'off' };
const shuffled: QueueState = { ...base, shuffleOrder: [1, 3, 0, 2] };

/** Track ids in the order they will play. */
const played = (state: Pick<QueueState, 'queue' | 'shuffleOrder'>) =>
  playOrder(state).map((i) => state.queue[i]);

describe('insertNext (Play next)', () => {
  it('puts the tracks right after the current one, which stays current', () => {
    const result = insertNext(base, [7, 8]);
    assert.deepEqual(result.queue, [10, 20, 7, 8, 30, 40]);
    assert.equal(result.queue[result.index], 20);
  });

  it('puts them first when nothing is current, and fills an empty queue', () => {
    assert.deepEqual(insertNext({ ...base, index: -1 }, [7]).queue, [7, 10, 20, 30, 40]);
    assert.deepEqual(insertNext({ ...base, queue: [], index: -1 }, [7, 8]), {
      queue: [7, 8],
      index: -1,
      shuffleOrder: null,
    });
  });

  it('when shuffling, plays them next without moving any other entry', () => {
    const result = insertNext(shuffled, [7, 8]);
    assert.deepEqual(played(shuffled), [20, 40, 10, 30]);
    assert.deepEqual(played(result), [20, 7, 8, 40, 10, 30]);
    assert.equal(result.queue[result.index], 20);
  });

  it('queues the same track twice when asked twice', () => {
    const result = insertNext({ ...insertNext(base, [30]), repeat: 'off' }, [30]);
    assert.deepEqual(result.queue, [10, 20, 30, 30, 30, 40]);
  });
});

describe('append (Add to queue)', () => {
  it('adds the tracks at the end of the play order, shuffled or not', () => {
    assert.deepEqual(append(base, [7]).queue, [10, 20, 30, 40, 7]);
    const result = append(shuffled, [7, 8]);
    assert.deepEqual(played(result), [20, 40, 10, 30, 7, 8]);
    assert.equal(result.index, 1);
  });
});

describe('moveEntry (reorder)', () => {
  it('moves an entry down and keeps the current track current', () => {
    const result = moveEntry(base, 0, 2);
    assert.deepEqual(result.queue, [20, 30, 10, 40]);
    assert.equal(result.queue[result.index], 20);
  });

  it('moves an entry up past the current track', () => {
    const result = moveEntry(base, 3, 0);
    assert.deepEqual(result.queue, [40, 10, 20, 30]);
    assert.equal(result.queue[result.index], 20);
  });

  it('moves the current track itself', () => {
    const result = moveEntry(base, 1, 3);
    assert.deepEqual(result.queue, [10, 30, 40, 20]);
    assert.equal(result.index, 3);
  });

  it('when shuffling, moves in the play order and leaves the queued order alone', () => {
    const result = moveEntry(shuffled, 3, 1);
    assert.deepEqual(result.queue, base.queue);
    assert.deepEqual(played(result), [20, 30, 40, 10]);
    assert.equal(result.index, 1);
  });

  it('ignores moves out of range', () => {
    for (const [from, to] of [
      [-1, 0],
      [0, 4],
      [4, 0],
      [2, 2],
    ] as const) {
      assert.deepEqual(moveEntry(base, from, to), { queue: base.queue, index: 1, shuffleOrder: null });
    }
  });
});
