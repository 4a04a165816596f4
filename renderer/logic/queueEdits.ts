/**
 * Editing the play queue as data: Play next, Add to queue and moving an entry. Pure functions
 * over `QueueState`; they keep the current track current and, when shuffling, edit the play
 * order (what the listener sees) rather than the order the tracks were queued in.
 */
import type { QueuePosition, QueueState } from './queueOrder';

export interface EditedQueue extends QueuePosition {
  queue: number[];
}

function playPosition(state: QueueState): number {
  if (state.index < 0) return -1;
  return state.shuffleOrder ? state.shuffleOrder.indexOf(state.index) : state.index;
}

/** Puts `ids` right after the current track (at the front when nothing is current). */
export function insertNext(state: QueueState, ids: readonly number[]): EditedQueue {
  const at = playPosition(state) + 1;
  if (state.shuffleOrder) {
    // New entries go at the end of the queue; the play order lists them next.
    const added = ids.map((_, i) => state.queue.length + i);
    const shuffleOrder = [...state.shuffleOrder];
    shuffleOrder.splice(at, 0, ...added);
    return { queue: [...state.queue, ...ids], index: state.index, shuffleOrder };
  }
  const queue = [...state.queue];
  queue.splice(at, 0, ...ids);
  return { queue, index: state.index, shuffleOrder: null };
}

/** Puts `ids` at the end of what plays. */
export function append(state: QueueState, ids: readonly number[]): EditedQueue {
  const added = ids.map((_, i) => state.queue.length + i);
  return {
    queue: [...state.queue, ...ids],
    index: state.index,
    shuffleOrder: state.shuffleOrder ? [...state.shuffleOrder, ...added] : null,
  };
}

/**
 * Moves the entry at play position `from` to play position `to` (positions as the queue panel
 * lists them). Out-of-range positions leave the queue as it was.
 */
export function moveEntry(state: QueueState, from: number, to: number): EditedQueue {
  const length = state.queue.length;
  const unchanged = { queue: [...state.queue], index: state.index, shuffleOrder: state.shuffleOrder };
  if (from < 0 || from >= length || to < 0 || to >= length || from === to) return unchanged;
  if (state.shuffleOrder) {
    const shuffleOrder = [...state.shuffleOrder];
    const [moved] = shuffleOrder.splice(from, 1);
    shuffleOrder.splice(to, 0, moved!);
    return { queue: [...state.queue], index: state.index, shuffleOrder };
  }
  const queue = [...state.queue];
  const [moved] = queue.splice(from, 1);
  queue.splice(to, 0, moved!);
  let index = state.index;
  if (index === from) index = to;
  else if (from < index && to >= index) index -= 1;
  else if (from > index && to <= index) index += 1;
  return { queue, index, shuffleOrder: null };
}
