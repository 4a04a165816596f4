/**
 * Runs async tasks with at most `limit` in flight; `run` waits for a free slot. A finished task
 * hands its slot to the next waiting `run` directly: racing every task in flight for each new one
 * cost several µs a file, a tenth of what an import's main thread spends on a file.
 */
export class TaskPool {
  private running = 0;
  private readonly waitingForSlot: (() => void)[] = [];
  private readonly waitingForAll: (() => void)[] = [];
  /** The first task that failed: `run` and `drain` throw it, as when they awaited the task. */
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  /** Starts `task` once a slot is free. Tasks must handle their own errors. */
  async run(task: () => Promise<void>): Promise<void> {
    while (this.running >= this.limit) {
      await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
    }
    this.throwFailure();
    this.running += 1;
    task().then(
      () => this.finished(),
      (error: unknown) => {
        this.failure ??= { error };
        this.finished();
      },
    );
  }

  async drain(): Promise<void> {
    while (this.running > 0) await new Promise<void>((resolve) => this.waitingForAll.push(resolve));
    this.throwFailure();
  }

  private finished(): void {
    this.running -= 1;
    this.waitingForSlot.shift()?.();
    if (this.running === 0) for (const resolve of this.waitingForAll.splice(0)) resolve();
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}
