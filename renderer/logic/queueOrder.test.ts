// The unit tests of pure logic run in Node (node:test), not in the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueueState } from './queueOrder';
import {
  nextPosition,
  playOrder,
  previousStep,
  removeFromQueue,
  shuffledOrder,
  shuffleOrderFor,
} from './queueOrder';

/** A deterministic generator (mulberry32) so shuffles are repeatable. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const base: QueueState = { queue: [10, 20, 30], index: 0, shuffleOrder: null, repeat: 'off' };

describe('shuffledOrder', () => {
  it('is a permutation with the requested first entry', () => {
    for (let seed = 1; seed < 50; seed += 1) {
      const order = shuffledOrder(20, 7, seeded(seed));
      assert.equal(order[0], 7);
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i),
      );
    }
  });

  it('handles empty and single queues, and no first entry', () => {
    assert.deepEqual(shuffledOrder(0, -1, Math.random), []);
    assert.deepEqual(shuffledOrder(1, 0, Math.random), [0]);
    assert.equal(shuffledOrder(5, -1, seeded(3)).length, 5);
  });

  it('actually shuffles', () => {
    const order = shuffledOrder(50, -1, seeded(42));
    assert.notDeepEqual(
      order,
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});

describe('nextPosition', () => {
  it('moves forward and stops at the end with repeat off', () => {
    assert.deepEqual(nextPosition(base, 'user', Math.random), { index: 1, shuffleOrder: null });
    assert.equal(nextPosition({ ...base, index: 2 }, 'ended', Math.random), null);
    assert.equal(nextPosition({ ...base, index: 2 }, 'user', Math.random), null);
  });

  it('wraps with repeat all', () => {
    assert.deepEqual(nextPosition({ ...base, index: 2, repeat: 'all' }, 'ended', Math.random), {
      index: 0,
      shuffleOrder: null,
    });
  });

  it('replays the same track when it ends with repeat one, but moves on when asked', () => {
    const state: QueueState = { ...base, index: 1, repeat: 'one' };
    assert.deepEqual(nextPosition(state, 'ended', Math.random), { index: 1, shuffleOrder: null });
    assert.deepEqual(nextPosition(state, 'user', Math.random), { index: 2, shuffleOrder: null });
    assert.equal(nextPosition({ ...state, index: 2 }, 'user', Math.random), null);
  });

  it('follows the shuffle order', () => {
    const state: QueueState = { ...base, index: 2, shuffleOrder: [2, 0, 1] };
    assert.deepEqual(nextPosition(state, 'user', Math.random), { index: 0, shuffleOrder: [2, 0, 1] });
    assert.equal(nextPosition({ ...state, index: 1 }, 'user', Math.random), null);
  });

  it('reshuffles a new round with repeat all, not starting with the track just played', () => {
    for (let seed = 1; seed < 30; seed += 1) {
      const state: QueueState = { queue: [1, 2, 3, 4], index: 3, shuffleOrder: [0, 1, 2, 3], repeat: 'all' };
      const next = nextPosition(state, 'ended', seeded(seed));
      assert.ok(next);
      assert.notEqual(next.index, 3);
      assert.equal(next.shuffleOrder?.[0], next.index);
      assert.equal(next.shuffleOrder?.length, 4);
    }
  });

  it('has nothing to play in an empty queue', () => {
    assert.equal(nextPosition({ ...base, queue: [], index: -1 }, 'user', Math.random), null);
  });
});

describe('previousStep', () => {
  it('restarts the track a few seconds in', () => {
    assert.deepEqual(previousStep({ ...base, index: 1 }, 12), { kind: 'restart' });
  });

  it('goes back near the start of a track', () => {
    assert.deepEqual(previousStep({ ...base, index: 1 }, 1), { kind: 'play', index: 0 });
  });

  it('restarts the first track, or wraps to the last with repeat all', () => {
    assert.deepEqual(previousStep(base, 0), { kind: 'restart' });
    assert.deepEqual(previousStep({ ...base, repeat: 'all' }, 0), { kind: 'play', index: 2 });
  });

  it('follows the shuffle order backwards', () => {
    assert.deepEqual(previousStep({ ...base, index: 0, shuffleOrder: [2, 0, 1] }, 0), {
      kind: 'play',
      index: 2,
    });
  });
});

describe('shuffleOrderFor', () => {
  it('keeps the current track first when switching on, and drops the order when off', () => {
    const order = shuffleOrderFor({ queue: [1, 2, 3, 4, 5], index: 3 }, true, seeded(9));
    assert.equal(order?.[0], 3);
    assert.equal(shuffleOrderFor({ queue: [1, 2], index: 0 }, false, Math.random), null);
  });
});

describe('playOrder', () => {
  it('is the queue order unless shuffled', () => {
    assert.deepEqual(playOrder(base), [0, 1, 2]);
    assert.deepEqual(playOrder({ ...base, shuffleOrder: [1, 2, 0] }), [1, 2, 0]);
  });
});

describe('removeFromQueue', () => {
  it('removes an entry before the current one and keeps the current track', () => {
    const result = removeFromQueue({ ...base, index: 2 }, 0);
    assert.deepEqual(result, { queue: [20, 30], index: 1, shuffleOrder: null, removedCurrent: false });
  });

  it('removes an entry after the current one', () => {
    assert.deepEqual(removeFromQueue(base, 2), {
      queue: [10, 20],
      index: 0,
      shuffleOrder: null,
      removedCurrent: false,
    });
  });

  it('moves to the following track when the current one is removed', () => {
    assert.deepEqual(removeFromQueue({ ...base, index: 1 }, 1), {
      queue: [10, 30],
      index: 1,
      shuffleOrder: null,
      removedCurrent: true,
    });
    assert.equal(removeFromQueue({ ...base, index: 2 }, 2).index, -1);
  });

  it('keeps the shuffle order consistent', () => {
    const result = removeFromQueue({ ...base, index: 0, shuffleOrder: [0, 2, 1] }, 0);
    assert.deepEqual(result, { queue: [20, 30], index: 1, shuffleOrder: [1, 0], removedCurrent: true });
    assert.deepEqual(result.queue[result.index], 30);
  });

  it('ignores an index outside the queue', () => {
    assert.deepEqual(removeFromQueue(base, 7).queue, [10, 20, 30]);
  });
});
