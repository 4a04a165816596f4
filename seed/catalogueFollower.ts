/**
 * Follows the network's catalogue on chain: every published track's audio and metadata become
 * CIDs the chain vouches for, and the seed pins each one it does not hold yet, fetching it from
 * whichever peer has it (the artist, other seeds). So seeds replicate each other, and a seed with
 * an empty disk fills itself again. The follower's own requests are what keep content pinned: a
 * client's request only adds origins and delegates, and removing it never unpins vouched content.
 */
import type { CatalogueStore } from '../core/chain/catalogueStore';
import type { CatalogueSync } from '../core/chain/catalogueSync';
import type { PinWorker } from './pinWorker';
import { normalizeCid } from './seedCids';
import type { ContentKind, SeedStore, Vouched } from './seedStore';

export class CatalogueFollower {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sync: CatalogueSync,
    private readonly catalogue: CatalogueStore,
    private readonly records: SeedStore,
    private readonly worker: PinWorker,
    private readonly log: (message: string) => void,
  ) {}

  /** Syncs now and then every `intervalMs`; failures are logged and retried at the next turn. */
  start(intervalMs: number): void {
    const turn = (): void => {
      void this.syncNow()
        .catch((error: unknown) => this.log(`could not follow the catalogue: ${String(error)}`))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(turn, intervalMs).unref();
        });
    };
    this.timer = setTimeout(turn, 0).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Brings the vouched CIDs up to the chain head with a sync that starts after this call (one
   * already running may have read the chain before what the caller looks for). Calls made while
   * a sync waits to start share it.
   */
  syncNow(): Promise<void> {
    this.next ??= (this.running ?? Promise.resolve())
      .catch(() => {})
      .then(() => {
        this.next = undefined;
        this.running = this.runSync().finally(() => (this.running = undefined));
        return this.running;
      });
    return this.next;
  }

  private async runSync(): Promise<void> {
    await this.sync.sync();
    this.vouchAndPin();
  }

  /** Queues a catalogue pin for a cover a pinned metadata document names. */
  pinCover(cover: string, artist: string): void {
    if (!this.records.followsCid(cover)) this.queue(cover, 'cover', artist);
  }

  private vouchAndPin(): void {
    const vouched: Vouched[] = [];
    for (const track of this.catalogue.listTracks()) {
      for (const [text, kind] of [
        [track.metadataCid, 'metadata'],
        [track.audioCid, 'audio'],
      ] as const) {
        const cid = normalizeCid(text);
        if (cid) vouched.push({ cid, kind, artist: track.artist, trackId: track.trackId });
      }
    }
    this.records.vouch(vouched);
    for (const record of this.records.requeueFailedCataloguePins()) this.worker.enqueue(record);
    for (const entry of vouched) {
      if (!this.records.followsCid(entry.cid)) this.queue(entry.cid, entry.kind, entry.artist);
    }
  }

  private queue(cid: string, kind: ContentKind, artist: string): void {
    const record = this.records.addPin({
      cid,
      name: null,
      origins: [],
      meta: {},
      kind,
      artist,
      source: 'catalogue',
    });
    this.worker.enqueue(record);
  }
}
