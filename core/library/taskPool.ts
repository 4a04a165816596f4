/** Runs async tasks with at most `limit` in flight; `run` waits for a free slot. */
export class TaskPool {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  /** Starts `task` once a slot is free. Tasks must handle their own errors. */
  async run(task: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    const promise: Promise<void> = task().finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
