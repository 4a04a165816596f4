/**
 * Runs or holds the audio clock of a context. resume() and suspend() are asynchronous and
 * settle out of order when pressed back to back, so only the latest wish is applied, one call
 * at a time, until the context is in that state.
 */
export class AudioClock {
  private wantsRunning = false;
  private busy = false;

  constructor(private readonly context: AudioContext) {}

  run(running: boolean): void {
    this.wantsRunning = running;
    if (!this.busy) void this.settle();
  }

  private async settle(): Promise<void> {
    this.busy = true;
    try {
      while (this.context.state !== 'closed' && (this.context.state === 'running') !== this.wantsRunning) {
        await (this.wantsRunning ? this.context.resume() : this.context.suspend());
      }
    } finally {
      this.busy = false;
    }
  }
}
