/**
 * The play queue as data: which track comes next or before, with shuffle and repeat.
 * Pure functions over plain values; the store calls them and keeps the result.
 */

export type RepeatMode = 'off' | 'all' | 'one';

/** A source of numbers in [0, 1), as `Math.random`; injected so tests can fix it. */
export type Random = () => number;

export interface QueueState {
  /** Track ids in the order they were queued. */
  queue: readonly number[];
  /** Index into `queue` of the current track, or -1 when none. */
  index: number;
  /** When shuffling, the play order as a permutation of queue indexes; null otherwise. */
  shuffleOrder: readonly number[] | null;
  repeat: RepeatMode;
}

export interface QueuePosition {
  index: number;
  shuffleOrder: readonly number[] | null;
}

/** Restarting the current track instead of moving, as players do a few seconds in. */
export type PreviousStep = { kind: 'play'; index: number } | { kind: 'restart' };

/** Seconds into a track after which "previous" restarts it instead of going back. */
export const restartThresholdSeconds = 3;

/** A random permutation of 0..length-1 (Fisher–Yates), with `first` moved to the front when given. */
export function shuffledOrder(length: number, first: number, random: Random): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  if (first >= 0 && first < length) {
    const at = order.indexOf(first);
    order[at] = order[0]!;
    order[0] = first;
  }
  return order;
}

/** Queue indexes in the order they play. */
export function playOrder(state: Pick<QueueState, 'queue' | 'shuffleOrder'>): readonly number[] {
  return state.shuffleOrder ?? state.queue.map((_, i) => i);
}

function orderPosition(state: QueueState): number {
  if (state.index < 0) return -1;
  return state.shuffleOrder ? state.shuffleOrder.indexOf(state.index) : state.index;
}

function orderAt(state: QueueState, position: number): number {
  return state.shuffleOrder ? state.shuffleOrder[position]! : position;
}

/**
 * What plays after the current track. `ended` means the track finished by itself (repeat one
 * replays it); `user` means the listener asked for the next one. Null: the queue is over.
 */
export function nextPosition(
  state: QueueState,
  reason: 'ended' | 'user',
  random: Random,
): QueuePosition | null {
  const length = state.queue.length;
  if (length === 0) return null;
  if (reason === 'ended' && state.repeat === 'one' && state.index >= 0) {
    return { index: state.index, shuffleOrder: state.shuffleOrder };
  }
  const position = orderPosition(state);
  if (position + 1 < length) return { index: orderAt(state, position + 1), shuffleOrder: state.shuffleOrder };
  if (state.repeat !== 'all') return null;
  if (!state.shuffleOrder) return { index: 0, shuffleOrder: null };
  // A new round gets a new order, which should not start with the track that just played.
  const order = shuffledOrder(length, -1, random);
  if (length > 1 && order[0] === state.index) {
    order[0] = order[1]!;
    order[1] = state.index;
  }
  return { index: order[0]!, shuffleOrder: order };
}

/** What "previous" does: restart the current track, or play the one before it. */
export function previousStep(state: QueueState, positionSeconds: number): PreviousStep | null {
  const length = state.queue.length;
  if (length === 0) return null;
  if (state.index < 0) return { kind: 'play', index: orderAt(state, 0) };
  if (positionSeconds > restartThresholdSeconds) return { kind: 'restart' };
  const position = orderPosition(state);
  if (position > 0) return { kind: 'play', index: orderAt(state, position - 1) };
  if (state.repeat === 'all' && length > 1) return { kind: 'play', index: orderAt(state, length - 1) };
  return { kind: 'restart' };
}

/** The shuffle order for a queue when shuffle is switched on (current first) or off (null). */
export function shuffleOrderFor(
  state: Pick<QueueState, 'queue' | 'index'>,
  shuffle: boolean,
  random: Random,
): number[] | null {
  return shuffle ? shuffledOrder(state.queue.length, state.index, random) : null;
}

export interface QueueAfterRemoval extends QueuePosition {
  queue: number[];
  /** True when the removed entry was the current track: the caller plays `index`, or stops at -1. */
  removedCurrent: boolean;
}

/** Removes one queue entry, keeping the current track (or, if it was removed, the one after it). */
export function removeFromQueue(state: QueueState, removeIndex: number): QueueAfterRemoval {
  if (removeIndex < 0 || removeIndex >= state.queue.length) {
    return {
      queue: [...state.queue],
      index: state.index,
      shuffleOrder: state.shuffleOrder,
      removedCurrent: false,
    };
  }
  const shift = (i: number) => (i > removeIndex ? i - 1 : i);
  const queue = state.queue.filter((_, i) => i !== removeIndex);
  const shuffleOrder = state.shuffleOrder
    ? state.shuffleOrder.filter((i) => i !== removeIndex).map(shift)
    : null;
  if (removeIndex !== state.index) {
    return { queue, index: state.index < 0 ? -1 : shift(state.index), shuffleOrder, removedCurrent: false };
  }
  const position = orderPosition(state);
  const following = position + 1 < state.queue.length ? orderAt(state, position + 1) : -1;
  return { queue, index: following < 0 ? -1 : shift(following), shuffleOrder, removedCurrent: true };
}
