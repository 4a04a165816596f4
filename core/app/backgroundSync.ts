/**
 * Work the app repeats while it runs (catalogue sync, redialing peers): one pass at a time,
 * every `intervalMs`. A failing pass is reported once in words and retried on the next tick; the
 * same problem is not reported again until a pass succeeds or the words change.
 */
export interface BackgroundLoop {
  /** Runs a pass now (or joins the one running) and resolves when it ends; rejects with its error. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startBackgroundLoop(
  pass: () => Promise<void>,
  options: { intervalMs: number; onProblem: (message: string) => void; describe: (error: unknown) => string },
): BackgroundLoop {
  let running: Promise<void> | null = null;
  let lastProblem: string | null = null;
  let stopped = false;

  const runNow = (): Promise<void> => {
    running ??= pass()
      .then(
        () => {
          lastProblem = null;
        },
        (error: unknown) => {
          const message = options.describe(error);
          if (message !== lastProblem && !stopped) options.onProblem(message);
          lastProblem = message;
          throw error;
        },
      )
      .finally(() => (running = null));
    return running;
  };

  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          if (!running && !stopped) runNow().catch(() => undefined);
        }, options.intervalMs)
      : null;
  timer?.unref();

  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
