/**
 * Many holders of the shared side at once, or one of the exclusive side; first come, first
 * served, so a waiting exclusive holder is not starved by a stream of shared ones.
 */
export class ReadWriteLock {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private readonly waiting: { exclusive: boolean; grant: () => void }[] = [];

  async shared<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await work();
    } finally {
      this.sharedHolders -= 1;
      this.grantWaiting();
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await work();
    } finally {
      this.exclusiveHeld = false;
      this.grantWaiting();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    return new Promise((grant) => {
      this.waiting.push({ exclusive, grant });
      this.grantWaiting();
    });
  }

  private grantWaiting(): void {
    for (;;) {
      const next = this.waiting[0];
      if (!next || this.exclusiveHeld) return;
      if (next.exclusive) {
        if (this.sharedHolders > 0) return;
        this.exclusiveHeld = true;
      } else {
        this.sharedHolders += 1;
      }
      this.waiting.shift();
      next.grant();
    }
  }
}
