// Sealing a key to a listener starts with a fresh X25519 key pair (~30 µs). Made ahead, in a turn
// of the event loop after a seal rather than during one, that time leaves the path of a request
// whenever the thread has a moment between requests. Every pair is handed out once, then dropped.
import { generateEphemeralKey } from '../core/crypto/envelope';
import type { EphemeralKey } from '../core/crypto/envelope';

export class EphemeralKeyPool {
  private readonly ready: EphemeralKey[] = [];
  private refilling = false;

  constructor(private readonly size: number) {}

  /** A key pair no envelope has used, made now if none is ready. */
  take(): EphemeralKey {
    const key = this.ready.pop() ?? generateEphemeralKey();
    this.refill();
    return key;
  }

  /** Makes one pair per turn of the event loop until the pool is full, so a request never waits long. */
  private refill(): void {
    if (this.refilling || this.ready.length >= this.size) return;
    this.refilling = true;
    setImmediate(() => {
      this.ready.push(generateEphemeralKey());
      this.refilling = false;
      this.refill();
    }).unref();
  }
}
