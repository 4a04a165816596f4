/**
 * Carries out pin requests: dials the origins a client named (a client behind NAT keeps a
 * connection to us open instead), checks the size against its cap and the operator's quotas,
 * fetches and pins every block, and records the outcome. Requests naming one CID share one pin.
 */
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { METADATA_MAX_BYTES, parseTrackMetadata } from '../protocol/trackMetadata';
import type { ContentKind, PinRecord, SeedStore } from './seedStore';
import { normalizeCid } from './seedCids';

export interface SeedLimits {
  /** Largest content of each kind the seed takes (PROTOCOL §7: 2 GiB, 64 KiB, 2 MiB). */
  maxBytes: Record<ContentKind, number>;
  /** Bytes one artist's content may take on this seed; null: no quota. */
  artistQuotaBytes: number | null;
  /** Bytes all pinned content may take; null: no limit. */
  diskLimitBytes: number | null;
  /** How long finding and fetching one pin's content may take before it is marked failed. */
  pinTimeoutMs: number;
}

export const defaultMaxBytes: Record<ContentKind, number> = {
  audio: 2 * 1024 ** 3,
  metadata: METADATA_MAX_BYTES,
  cover: 2 * 1024 ** 2,
};

/** How long the size of content is looked for (its root block) before the pin fails. */
const sizeTimeoutMs = 60_000;
const dialTimeoutMs = 10_000;

export class PinWorker {
  /** Clients' requests go first: a publisher waits on them, the follower does not. */
  private readonly queues: Record<PinRecord['source'], PinRecord[]> = { api: [], catalogue: [] };
  private readonly running: Record<PinRecord['source'], number> = { api: 0, catalogue: 0 };
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Told when a pinned metadata document names a cover: the follower pins it too. */
  onCover: (cover: string, from: PinRecord) => void = () => {};

  constructor(
    private readonly content: HeliaContentStore,
    private readonly records: SeedStore,
    private readonly limits: SeedLimits,
    private readonly log: (message: string) => void,
    private readonly concurrency = 2,
  ) {}

  enqueue(record: PinRecord): void {
    if (this.closed) return;
    this.queues[record.source].push(record);
    this.pump();
  }

  /** Resolves once nothing is queued or running (tests and shutdown). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Removes a request; the content is unpinned once no other request names it. */
  async remove(record: PinRecord): Promise<void> {
    this.records.removePin(record.requestId);
    if (this.records.pinsOf(record.cid).length === 0) await this.content.unpin(record.cid);
  }

  close(): void {
    this.closed = true;
    this.queues.api.length = 0;
    this.queues.catalogue.length = 0;
  }

  private isIdle(): boolean {
    const { queues, running } = this;
    return queues.api.length + queues.catalogue.length + running.api + running.catalogue === 0;
  }

  /** Each source has `concurrency` pins of its own, so the follower's backlog never holds up a client. */
  private pump(): void {
    for (const source of ['api', 'catalogue'] as const) {
      const queue = this.queues[source];
      while (this.running[source] < this.concurrency && queue.length > 0) {
        const record = queue.shift() as PinRecord;
        this.running[source] += 1;
        void this.carryOut(record).finally(() => {
          this.running[source] -= 1;
          this.pump();
          if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
      }
    }
  }

  private async carryOut(record: PinRecord): Promise<void> {
    if (!this.records.getPin(record.requestId)) return; // removed while queued
    this.records.settle(record.requestId, 'pinning');
    try {
      const bytes = await this.pin(record);
      if (this.closed) return;
      this.records.settle(record.requestId, 'pinned', { bytes });
      this.log(`pinned ${record.kind} ${record.cid} (${bytes} bytes) for ${record.artist}`);
    } catch (error) {
      if (this.closed) return;
      const reason =
        error instanceof PinRefusal ? error.message : `Could not fetch the content: ${describe(error)}`;
      this.records.settle(record.requestId, 'failed', { reason });
      this.log(`could not pin ${record.cid}: ${reason}`);
    }
  }

  private async pin(record: PinRecord): Promise<number> {
    const { cid, kind } = record;
    await Promise.all(
      record.origins.map((origin) =>
        this.content.connectPeer(origin, { signal: AbortSignal.timeout(dialTimeoutMs) }).catch(() => {}),
      ),
    );
    const bytes = await this.content.fileSize(cid, { signal: AbortSignal.timeout(sizeTimeoutMs) });
    const cap = this.limits.maxBytes[kind];
    if (bytes > cap) {
      throw new PinRefusal(`The ${kind} is ${bytes} bytes; this seed keeps ${kind} of at most ${cap} bytes.`);
    }
    if (!(await this.content.isPinned(cid))) {
      const quota = this.limits.artistQuotaBytes;
      if (quota !== null && this.records.artistBytes(record.artist) + bytes > quota) {
        throw new PinRefusal(
          `This artist's content would pass the seed's quota of ${quota} bytes per artist.`,
        );
      }
      const disk = this.limits.diskLimitBytes;
      if (disk !== null && (await this.content.cacheSize()) + bytes > disk) {
        throw new PinRefusal(`This seed is full: it keeps at most ${disk} bytes.`);
      }
      await this.content.pin(cid, { signal: AbortSignal.timeout(this.limits.pinTimeoutMs) });
    }
    if (kind === 'metadata') this.noteCover(record);
    return bytes;
  }

  private noteCover(record: PinRecord): void {
    void readSmall(this.content, record.cid).then(
      (bytes) => {
        const parsed = parseTrackMetadata(bytes);
        const cover = parsed.ok && parsed.metadata.cover ? normalizeCid(parsed.metadata.cover) : null;
        if (!cover) return;
        const track = this.records.vouched(record.cid);
        if (!track) return;
        this.records.vouch([{ cid: cover, kind: 'cover', artist: track.artist, trackId: track.trackId }]);
        this.onCover(cover, record);
      },
      () => {},
    );
  }
}

async function readSmall(content: HeliaContentStore, cid: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of content.read(cid, {
    length: METADATA_MAX_BYTES + 1,
    signal: AbortSignal.timeout(10_000),
  })) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A pin the seed will not keep (too large, over quota): said to the client as the pin's reason. */
export class PinRefusal extends Error {
  override name = 'PinRefusal';
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'no peer that this seed could reach had it in time.';
  }
  return error instanceof Error ? error.message : String(error);
}
