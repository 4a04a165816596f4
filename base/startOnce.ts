// Something started on first need, once: every `start()` shares the first one, and `ready` waits
// for a start without making one. The app's IPFS node and its market start this way.

export interface StartOnce<T> {
  /** Resolves once started (rejects when the start failed); starts nothing itself. */
  readonly ready: Promise<T>;
  /** Starts it, once, and resolves with it. */
  start(): Promise<T>;
  /** What the start gave, to close it: null when nothing started it or the start failed. */
  started(): Promise<T | null>;
}

export function startOnce<T>(open: () => Promise<T>): StartOnce<T> {
  let starting: Promise<T> | null = null;
  let settleReady: (value: Promise<T>) => void = () => undefined;
  const ready = new Promise<T>((resolve) => (settleReady = resolve));
  // A failed start is reported by whoever awaits it; not an unhandled rejection here.
  ready.catch(() => undefined);
  return {
    ready,
    start() {
      if (!starting) {
        starting = open();
        settleReady(starting);
      }
      return starting;
    },
    started: async () => (starting ? starting.catch(() => null) : null),
  };
}
