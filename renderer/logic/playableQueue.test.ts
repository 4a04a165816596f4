import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogueTrackState } from '../../testkit/catalogueTrackState';
import { playableQueue, skippedLockedMessage } from './playableQueue';

const catalogue = (id: number, unlocked: boolean) => catalogueTrackState({ id, chainTrackId: id, unlocked });

const states = new Map([
  [2, catalogue(2, false)],
  [3, catalogue(3, true)],
]);
const tracks = [
  { id: 1, title: 'Local' },
  { id: 2, title: 'Locked' },
  { id: 3, title: 'Unlocked' },
  { id: 4, title: 'Also local' },
];

test('locked catalogue tracks are left out of the queue; local and unlocked ones stay in order', () => {
  const queue = playableQueue(tracks, 0, (id) => states.get(id));
  assert.deepEqual(queue, { ids: [1, 3, 4], startIndex: 0, skipped: ['Locked'] });
  assert.equal(
    skippedLockedMessage(queue.skipped),
    '“Locked” is locked and was skipped: tip the artist to unlock it.',
  );
});

test('starting on a locked track starts on the next playable one', () => {
  assert.equal(playableQueue(tracks, 1, (id) => states.get(id)).startIndex, 1, 'track 3, at index 1');
  assert.equal(playableQueue(tracks, 3, (id) => states.get(id)).startIndex, 2);
});

test('nothing skipped says nothing; several skipped are counted; all locked gives an empty queue', () => {
  assert.equal(skippedLockedMessage([]), null);
  assert.match(skippedLockedMessage(['a', 'b']) ?? '', /^2 locked tracks were skipped/);
  const none = playableQueue([{ id: 2, title: 'Locked' }], 0, (id) => states.get(id));
  assert.deepEqual(none.ids, []);
});
