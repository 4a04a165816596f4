// The artist's publish pipeline: one job per file, each step persisted before the next starts,
// so a crash or a closed app resumes where it stopped — never publishing twice, never losing a
// content key (it is in the database, wrapped, before the file is encrypted).
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { BaseWallet, JsonRpcProvider } from 'ethers';
import { getAddress } from 'ethers';
import { NONCE_PREFIX_BYTES } from '../../protocol/bsk1Header';
import { CONTENT_KEY_BYTES, keyCommitment } from '../../protocol/keyCommitment';
import { missingCase } from '../../base/missingCase';
import type { ContentStore } from '../storage/contentStore';
import type { PinningEndpoint } from '../storage/pinningServiceClient';
import type { KeyServerClient } from '../unlock/keyServerClient';
import { unwrapContentKey, wrapContentKey } from './contentKeyWrap';
import { addEncryptedAudio, type AddedAudio } from './encryptedAudio';
import { PublishError } from './publishError';
import { depositError, isPassing } from './publishFailures';
import type { PublishJob, PublishJobStore, PublishState } from './publishJobStore';
import { assertPrice, hashFile, refuseRepublishing } from './publishOnce';
import {
  broadcastPublishTransaction,
  findPublishedTrack,
  settlePublishTransaction,
  signPublishTransaction,
  waitForPublishTransaction,
} from './publishTransaction';
import type { PublishOutcome } from './publishTransaction';
import { storeOnSeeds } from './storeOnSeeds';
import { inspectTrackFile } from './trackFile';
import type { TrackMetadataDocument } from '../../protocol/trackMetadata';
import { encodeTrackMetadata } from '../../protocol/trackMetadata';

/** What a job is doing right now, for a progress bar and a plain-language state per file. */
export type PublishActivity =
  | 'encrypting'
  | 'adding-metadata'
  | 'sending'
  | 'confirming'
  | 'depositing-key'
  | 'storing-on-seeds'
  | 'finishing'
  | 'waiting'
  | 'stopped';

export interface PublishProgress {
  jobId: string;
  sourcePath: string;
  /** The last persisted state. */
  state: PublishState;
  activity: PublishActivity;
  /** For encrypting and adding the audio: bytes done of the total. */
  bytesDone?: number;
  bytesTotal?: number;
  /** A passing trouble or the failure reason, in words. */
  message?: string;
}

/** Where a crash can be simulated: after each persisted state, and after the broadcast. */
export type PublishCheckpoint = PublishState | 'tx-broadcast';

export interface PublisherOptions {
  store: PublishJobStore;
  contentStore: ContentStore;
  provider: JsonRpcProvider;
  /** The artist contract's owner: signs the publish transaction and the key deposit locally. */
  wallet: BaseWallet;
  chainId: number;
  /** The artist contract. */
  artist: string;
  keyServer: KeyServerClient;
  /** 32 bytes that wrap every content key in the job database (from `safeStorage` or a passphrase). */
  wrappingKey: Uint8Array;
  onProgress?: (progress: PublishProgress) => void;
  /** For tests: runs after each checkpoint; a throw here stands in for a crash. */
  afterStep?: (job: PublishJob, checkpoint: PublishCheckpoint) => void | Promise<void>;
  /** How long to wait for the publish transaction to be mined before trying later. */
  confirmTimeoutMs?: number;
  /**
   * The network's seeds (their pinning endpoints): a job is done once they keep the track, so the
   * artist may go offline. None (a network without seeds): done once the key is deposited.
   */
  seeds?: PinningEndpoint[];
  /** How long seeds may take to fetch a track before the job waits to try again. */
  seedTimeoutMs?: number;
}

export interface FileToPublish {
  path: string;
  /** Wei. */
  price: bigint;
  /** Publish a second copy of audio this artist has published already (asked for on purpose). */
  again?: boolean;
}

export class Publisher {
  private readonly artist: string;
  /** Jobs run one at a time, so two never take the same nonce. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PublisherOptions) {
    this.artist = getAddress(options.artist);
  }

  /**
   * Checks the file (audio by its bytes, not empty, under the size cap), reads its tags, and
   * records a queued job with a fresh content key, wrapped. Throws `PublishError` for a refused file.
   */
  async enqueue(file: FileToPublish): Promise<PublishJob> {
    assertPrice(file.price);
    const sourcePath = resolve(file.path);
    const inspected = await inspectTrackFile(sourcePath);
    const contentHash = await hashFile(sourcePath);
    if (!file.again) {
      const { store, provider, chainId } = this.options;
      const { title } = inspected.metadata;
      await refuseRepublishing({ store, provider, chainId, artist: this.artist, contentHash, title });
    }
    const id = randomUUID();
    const contentKey = randomBytes(CONTENT_KEY_BYTES);
    try {
      return this.options.store.insert({
        id,
        chainId: this.options.chainId,
        artist: this.artist,
        sourcePath,
        sourceSize: inspected.size,
        price: file.price,
        wrappedKey: wrapContentKey(this.options.wrappingKey, id, contentKey),
        noncePrefix: randomBytes(NONCE_PREFIX_BYTES),
        metadataJson: JSON.stringify(inspected.metadata),
        cover: inspected.cover,
        contentHash,
      });
    } finally {
      contentKey.fill(0);
    }
  }

  /** Runs a job until it is done, failed, or waiting on the network or the key server. */
  run(jobId: string): Promise<PublishJob> {
    const next = this.running.then(() => this.drive(jobId));
    this.running = next.catch(() => undefined);
    return next;
  }

  /** Continues every unfinished job of this artist from its last persisted step, oldest first. */
  async resume(): Promise<PublishJob[]> {
    const jobs = this.options.store.listUnfinished(this.options.chainId, this.artist);
    const results: PublishJob[] = [];
    for (const job of jobs) results.push(await this.run(job.id));
    return results;
  }

  jobs(): PublishJob[] {
    return this.options.store.list(this.options.chainId, this.artist);
  }

  private async drive(jobId: string): Promise<PublishJob> {
    let job = this.options.store.require(jobId);
    if (job.chainId !== this.options.chainId || getAddress(job.artist) !== this.artist) {
      throw new Error(`Publish job ${jobId} belongs to another artist or network.`);
    }
    for (;;) {
      if (job.state === 'done' || job.state === 'failed') {
        this.report(job, 'stopped', { message: job.failureReason ?? undefined });
        return job;
      }
      const before = job.state;
      try {
        job = await this.step(job);
      } catch (error) {
        if (error instanceof PublishError && isPassing(error)) {
          job = this.options.store.noteError(job.id, error.message);
          this.report(job, 'waiting', { message: error.message });
          return job;
        }
        if (error instanceof PublishError) {
          job = this.options.store.markFailed(job.id, error.message);
          this.report(job, 'stopped', { message: error.message });
          return job;
        }
        // Unexpected (a disk or IPFS error, a simulated crash): the job stays at its last
        // persisted step, and `resume` redoes that step.
        this.options.store.noteError(job.id, error instanceof Error ? error.message : String(error));
        throw error;
      }
      if (job.state === before) {
        // A dropped transaction was replaced: go round again and send the new one.
        if (job.lastError === null) continue;
        // Still waiting (the transaction is not mined yet): `resume` picks it up later.
        this.report(job, 'waiting', { message: job.lastError ?? undefined });
        return job;
      }
      await this.options.afterStep?.(job, job.state);
    }
  }

  private async step(job: PublishJob): Promise<PublishJob> {
    const state = job.state;
    switch (state) {
      case 'queued':
        return this.encrypt(job);
      case 'encrypted':
        return this.addAudio(job);
      case 'audio-added':
        return this.addMetadata(job);
      case 'metadata-added':
        return this.signAndRecord(job);
      case 'tx-recorded':
        return this.sendAndConfirm(job);
      case 'published':
        return this.depositKey(job);
      case 'key-deposited':
        return this.finish(job);
      case 'done':
      case 'failed':
        return job;
      default:
        return missingCase(state);
    }
  }

  private contentKey(job: PublishJob): Buffer {
    return unwrapContentKey(this.options.wrappingKey, job.id, job.wrappedKey);
  }

  /** Encrypts the file into the content store (one pass, pinned) and records its hash and CID. */
  private async encrypt(job: PublishJob): Promise<PublishJob> {
    const added = await this.addAudioPass(job);
    return this.options.store.markEncrypted(job.id, added.contentHash, added.audioCid);
  }

  private async addAudio(job: PublishJob): Promise<PublishJob> {
    if (job.audioCid !== null) return this.options.store.markAudioAdded(job.id, job.audioCid);
    // Encrypted by a version of Busker that kept the container aside and added it in this step:
    // the stored key and nonce prefix give the same container again, if the file is unchanged.
    const added = await this.addAudioPass(job);
    if (added.contentHash !== job.contentHash) {
      await this.options.contentStore.unpin(added.audioCid);
      throw new PublishError(
        'SOURCE_CHANGED',
        `The file ${job.sourcePath} changed after it was encrypted. Add it again to publish the new version.`,
      );
    }
    return this.options.store.markAudioAdded(job.id, added.audioCid);
  }

  private async addAudioPass(job: PublishJob): Promise<AddedAudio> {
    const key = this.contentKey(job);
    const progress = this.throttled(job, 'encrypting', job.sourceSize);
    progress(0);
    try {
      const added = await addEncryptedAudio(
        this.options.contentStore,
        { path: job.sourcePath, size: job.sourceSize, key, noncePrefix: job.noncePrefix },
        progress,
      );
      progress(job.sourceSize, true);
      return added;
    } finally {
      key.fill(0);
    }
  }

  private async addMetadata(job: PublishJob): Promise<PublishJob> {
    this.report(job, 'adding-metadata');
    const coverCid = job.cover ? await this.options.contentStore.add([job.cover], { pin: true }) : null;
    const metadata = JSON.parse(job.metadataJson) as TrackMetadataDocument;
    const metadataCid = await this.options.contentStore.add([encodeTrackMetadata(metadata, coverCid)], {
      pin: true,
    });
    return this.options.store.markMetadataAdded(job.id, coverCid, metadataCid);
  }

  private async signAndRecord(job: PublishJob): Promise<PublishJob> {
    this.report(job, 'sending');
    const key = this.contentKey(job);
    const commitment = `0x${keyCommitment(key).toString('hex')}`;
    key.fill(0);
    const transaction = await signPublishTransaction(this.options, job, commitment);
    return this.options.store.recordTransaction(job.id, transaction);
  }

  /**
   * Sends the recorded transaction only when the node does not have it and it is not mined, and
   * only as the recorded bytes; a transaction that can never be mined is replaced only after the
   * artist's catalogue shows no track with this audio.
   */
  private async sendAndConfirm(job: PublishJob): Promise<PublishJob> {
    const { provider } = this.options;
    let outcome: PublishOutcome = await settlePublishTransaction(provider, job);
    if (outcome.kind === 'unsent') {
      this.report(job, 'sending');
      await broadcastPublishTransaction(provider, job);
      await this.options.afterStep?.(job, 'tx-broadcast');
      outcome = { kind: 'pending' };
    }
    if (outcome.kind === 'pending') {
      this.report(job, 'confirming');
      outcome = await waitForPublishTransaction(provider, job, this.options.confirmTimeoutMs);
    }
    switch (outcome.kind) {
      case 'published':
        return this.options.store.markPublished(job.id, outcome.trackId);
      case 'reverted':
        throw new PublishError('TX_REJECTED', outcome.reason);
      case 'dropped': {
        const trackId = await findPublishedTrack(
          provider,
          job.artist,
          (track) => track.audioCid === job.audioCid,
        );
        if (trackId !== null) return this.options.store.markPublished(job.id, trackId);
        return this.signAndRecord(job);
      }
      case 'pending':
      case 'unsent':
        return this.options.store.noteError(
          job.id,
          'The publish transaction is not mined yet. Busker keeps waiting for it; it is never sent twice.',
        );
      default:
        return missingCase(outcome);
    }
  }

  private async depositKey(job: PublishJob): Promise<PublishJob> {
    this.report(job, 'depositing-key');
    if (job.trackId === null) throw new Error(`Publish job ${job.id} has no track id.`);
    const key = this.contentKey(job);
    try {
      await this.options.keyServer.deposit(
        this.options.wallet,
        { artist: job.artist, trackId: job.trackId },
        key,
      );
    } catch (error) {
      throw depositError(error);
    } finally {
      key.fill(0);
    }
    return this.options.store.markKeyDeposited(job.id);
  }

  /** Done once the seeds keep the track; a crash here redoes only this step (storeOnSeeds.ts). */
  private async finish(job: PublishJob): Promise<PublishJob> {
    const seeds = this.options.seeds ?? [];
    if (seeds.length === 0) {
      this.report(job, 'finishing');
      return this.options.store.markDone(job.id, 0);
    }
    this.report(job, 'storing-on-seeds');
    const stored = await storeOnSeeds(job, seeds, this.options.contentStore, this.options.seedTimeoutMs);
    this.report(job, 'finishing', { message: `Stored on ${stored} seed${stored === 1 ? '' : 's'}.` });
    return this.options.store.markDone(job.id, stored);
  }

  private report(job: PublishJob, activity: PublishActivity, extra: Partial<PublishProgress> = {}): void {
    this.options.onProgress?.({
      jobId: job.id,
      sourcePath: job.sourcePath,
      state: job.state,
      activity,
      ...extra,
    });
  }

  /** Byte progress at most every 1% (and always at the end), so a UI is not flooded. */
  private throttled(job: PublishJob, activity: PublishActivity, bytesTotal: number) {
    let lastReported = -1;
    const step = Math.max(1, Math.floor(bytesTotal / 100));
    return (bytesDone: number, final = false): void => {
      if (bytesDone === lastReported) return;
      if (!final && lastReported >= 0 && bytesDone - lastReported < step) return;
      lastReported = bytesDone;
      this.report(job, activity, { bytesDone, bytesTotal });
    };
  }
}
