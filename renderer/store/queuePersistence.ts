import type { Bridge } from '../bridge/bridgeTypes';
import { parseSnapshot, restoreSnapshot, snapshotOf } from '../logic/queueSnapshot';
import type { AppState } from './storeTypes';
import type { StoreApi } from 'zustand';

export const queueStorageKey = 'busker.queue';
/** How long a change waits before it is written: playing moves the position four times a second. */
export const queueSaveDelayMs = 3000;
/** `getTracks` takes at most this many ids per call. */
const lookupBatch = 10_000;

/** What the queue needs of `localStorage`. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The page's globals, looked up only when no stand-in is given (tests run without a page). */
const page = globalThis as unknown as {
  window: EventTarget;
  localStorage: KeyValueStorage;
  document?: { visibilityState: string };
};

export interface QueuePersistenceOptions {
  storage?: KeyValueStorage;
  /** Where `pagehide` and `visibilitychange` arrive: the window in the page. */
  pageEvents?: EventTarget;
}

async function knownTrackIds(
  bridge: Pick<Bridge, 'getTracks'>,
  ids: readonly number[],
): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  const known = new Set<number>();
  for (let start = 0; start < unique.length; start += lookupBatch) {
    const tracks = await bridge.getTracks(unique.slice(start, start + lookupBatch));
    for (const track of tracks) known.add(track.id);
  }
  return known;
}

/** Seeks to `position` once the restored track is loaded (paused), so Play resumes there. */
function seekWhenLoaded(store: StoreApi<AppState>, position: number): void {
  const { loadToken, queue, index } = store.getState();
  const wanted = queue[index];
  const stop = store.subscribe((state) => {
    if (state.loadToken !== loadToken) return stop();
    if (state.current?.id !== wanted) return;
    stop();
    // After the controller's load finished its synchronous part (which reports position 0).
    queueMicrotask(() => {
      if (store.getState().loadToken === loadToken) store.getState().seek(position);
    });
  });
}

/**
 * Restores the queue saved by the last session (paused, at its position; tracks no longer in the
 * library dropped), then saves the queue, its current track and position as they change: a few
 * seconds after a change, and at once when the page is hidden or closed. Returns a stop function.
 */
export function persistQueue(
  store: StoreApi<AppState>,
  bridge: Pick<Bridge, 'getTracks'>,
  options: QueuePersistenceOptions = {},
): { restored: Promise<void>; stop(): void } {
  const storage = options.storage ?? page.localStorage;
  const pageEvents = options.pageEvents ?? page.window;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function save() {
    if (timer) clearTimeout(timer);
    timer = null;
    const snapshot = snapshotOf(store.getState());
    try {
      if (snapshot) storage.setItem(queueStorageKey, JSON.stringify(snapshot));
    } catch {
      // Storage full or unavailable: the queue then lasts for this session only.
    }
  }

  const onHide = () => {
    if (page.document?.visibilityState !== 'visible') save();
  };

  async function restore() {
    let text: string | null = null;
    try {
      text = storage.getItem(queueStorageKey);
    } catch {
      // No storage: nothing to restore.
    }
    const saved = parseSnapshot(text);
    const startToken = store.getState().loadToken;
    if (saved && saved.queue.length > 0) {
      try {
        const restored = restoreSnapshot(saved, await knownTrackIds(bridge, saved.queue));
        // The listener started something while this was loading: theirs wins.
        if (!stopped && store.getState().loadToken === startToken && store.getState().queue.length === 0) {
          store.getState().restoreQueue(restored.queue, restored.position);
          if (restored.queue.index >= 0 && restored.position > 0) seekWhenLoaded(store, restored.position);
        }
      } catch {
        // The library could not be asked: start with an empty queue rather than a wrong one.
      }
    }
  }

  let unsubscribe = () => {};
  const restored = restore().then(() => {
    if (stopped) return;
    unsubscribe = store.subscribe((state, previous) => {
      if (
        state.queue === previous.queue &&
        state.index === previous.index &&
        state.shuffleOrder === previous.shuffleOrder &&
        state.position === previous.position
      ) {
        return;
      }
      timer ??= setTimeout(save, queueSaveDelayMs);
    });
    pageEvents.addEventListener('pagehide', save);
    pageEvents.addEventListener('visibilitychange', onHide);
  });

  return {
    restored,
    stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      pageEvents.removeEventListener('pagehide', save);
      pageEvents.removeEventListener('visibilitychange', onHide);
    },
  };
}
