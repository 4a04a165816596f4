/**
 * The play queue as saved between sessions: track ids in order, the shuffle order, the current
 * entry and how far into it the listener was. What storage hands back is parsed before use, and
 * tracks that left the library since are dropped.
 */
import { z } from 'zod';
import type { EditedQueue } from './queueEdits';

/** Queues longer than this are not saved: a restart gives back an empty queue instead. */
export const maxSavedQueueLength = 100_000;

const trackId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const snapshotSchema = z
  .strictObject({
    version: z.literal(1),
    queue: z.array(trackId).max(maxSavedQueueLength),
    shuffleOrder: z.array(z.number().int().nonnegative()).nullable(),
    index: z.number().int().min(-1),
    position: z.number().nonnegative().max(1e7),
  })
  .refine((saved) => saved.index < saved.queue.length, 'index inside the queue')
  .refine(
    (saved) =>
      saved.shuffleOrder === null ||
      (saved.shuffleOrder.length === saved.queue.length &&
        new Set(saved.shuffleOrder).size === saved.queue.length &&
        saved.shuffleOrder.every((i) => i < saved.queue.length)),
    'the shuffle order is a permutation of the queue',
  );

export type QueueSnapshot = z.infer<typeof snapshotSchema>;

export interface RestoredQueue {
  queue: EditedQueue;
  /** Seconds into the current track; 0 when it had to be dropped. */
  position: number;
}

/** The snapshot of a queue, ready for JSON. */
export function snapshotOf(state: EditedQueue & { position: number }): QueueSnapshot | null {
  if (state.queue.length > maxSavedQueueLength) return null;
  return {
    version: 1,
    queue: [...state.queue],
    shuffleOrder: state.shuffleOrder ? [...state.shuffleOrder] : null,
    index: state.index,
    position: Math.max(0, Math.round(state.position * 10) / 10),
  };
}

/** Parses what storage held; null when it is missing, damaged or from an unknown version. */
export function parseSnapshot(text: string | null): QueueSnapshot | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const result = snapshotSchema.safeParse(value);
  return result.success ? result.data : null;
}

/**
 * The saved queue without the tracks the library no longer has. When the current track is gone,
 * the next one still there in play order becomes current, from its start.
 */
export function restoreSnapshot(saved: QueueSnapshot, known: ReadonlySet<number>): RestoredQueue {
  const keptIndexes = saved.queue.flatMap((id, i) => (known.has(id) ? [i] : []));
  const newIndex = new Map(keptIndexes.map((oldIndex, i) => [oldIndex, i]));
  const queue = keptIndexes.map((i) => saved.queue[i]!);
  const order = saved.shuffleOrder ?? saved.queue.map((_, i) => i);
  const shuffleOrder = saved.shuffleOrder
    ? saved.shuffleOrder.flatMap((i) => (newIndex.has(i) ? [newIndex.get(i)!] : []))
    : null;
  if (saved.index < 0) return { queue: { queue, shuffleOrder, index: -1 }, position: 0 };
  if (newIndex.has(saved.index)) {
    return { queue: { queue, shuffleOrder, index: newIndex.get(saved.index)! }, position: saved.position };
  }
  const after = order.slice(order.indexOf(saved.index) + 1).find((i) => newIndex.has(i));
  return {
    queue: { queue, shuffleOrder, index: after === undefined ? -1 : newIndex.get(after)! },
    position: 0,
  };
}
