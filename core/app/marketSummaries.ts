/**
 * How the market's domain records look at the API boundary: publish jobs and unlock progress in
 * the user's words, amounts as decimal wei strings.
 */
import type { PublishJobSummary, UnlockProgress } from '../api/marketApi';
import { missingCase } from '../../base/missingCase';
import type { UnlockProgress as JobProgress } from '../listen/unlockJob';
import type { PublishJob } from '../publish/publishJobStore';
import type { PublishActivity, PublishProgress } from '../publish/publisher';

function titleOf(job: PublishJob): string {
  try {
    const metadata = JSON.parse(job.metadataJson) as { title?: unknown };
    if (typeof metadata.title === 'string' && metadata.title.length > 0) return metadata.title;
  } catch {
    // The metadata was written by the publisher itself; a damaged one falls back to the file name.
  }
  return fileNameOf(job.sourcePath);
}

function fileNameOf(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

function activityMessage(activity: PublishActivity): string {
  switch (activity) {
    case 'encrypting':
      return 'Encrypting the audio into IPFS…';
    case 'adding-metadata':
      return 'Adding the details to IPFS…';
    case 'sending':
      return 'Sending the publish transaction…';
    case 'confirming':
      return 'Waiting for the transaction to be mined…';
    case 'depositing-key':
      return 'Depositing the key with the key server…';
    case 'storing-on-seeds':
      return "Storing on the network's seeds…";
    case 'finishing':
      return 'Finishing…';
    case 'waiting':
      return 'Waiting to try again…';
    case 'stopped':
      return 'Stopped.';
    default:
      return missingCase(activity);
  }
}

function stateMessage(job: PublishJob): string {
  if (job.state === 'done') {
    const seeds = job.seedsStored ?? 0;
    return seeds > 0 ? `On sale, stored on ${seeds} seed${seeds === 1 ? '' : 's'}.` : 'On sale.';
  }
  if (job.state === 'failed') return `Failed: ${job.failureReason ?? 'unknown reason'}`;
  if (job.lastError) return `Waiting to try again: ${job.lastError}`;
  return job.state === 'queued' ? 'Queued.' : 'In progress…';
}

export function summarizePublishJob(job: PublishJob, progress?: PublishProgress): PublishJobSummary {
  const showsBytes = progress?.activity === 'encrypting';
  let message = stateMessage(job);
  if (progress && progress.activity !== 'stopped') {
    message =
      progress.activity === 'waiting' && progress.message
        ? `Waiting to try again: ${progress.message}`
        : activityMessage(progress.activity);
  }
  return {
    id: job.id,
    fileName: fileNameOf(job.sourcePath),
    title: titleOf(job),
    priceWei: job.price.toString(),
    step: job.state,
    bytesDone: showsBytes ? (progress.bytesDone ?? 0) : 0,
    bytesTotal: showsBytes ? (progress.bytesTotal ?? 0) : 0,
    message,
    chainTrackId: job.trackId,
    failureReason: job.failureReason,
  };
}

export function summarizeUnlock(id: number, progress: JobProgress, needed: number): UnlockProgress {
  const confirmations = progress.confirmations ?? {
    seen: progress.state === 'fetchingKey' || progress.state === 'ready' ? needed : 0,
    needed,
  };
  let message: string;
  switch (progress.state) {
    case 'tipping':
      message = 'Sending the tip…';
      break;
    case 'tipSent':
      message = 'Tip sent.';
      break;
    case 'confirming':
      message = `Confirming ${confirmations.seen}/${confirmations.needed}…`;
      break;
    case 'fetchingKey':
      message = progress.waitingFor ? `Waiting for the key: ${progress.waitingFor}` : 'Fetching the key…';
      break;
    case 'ready':
      message = 'Ready to play.';
      break;
    case 'failed':
      message = `Failed: ${progress.failureReason ?? 'the unlock failed'}`;
      break;
    default:
      return missingCase(progress.state);
  }
  return {
    id,
    step: progress.state,
    confirmations,
    message,
    failureReason: progress.failureReason ?? null,
    ...(progress.state === 'fetchingKey' && progress.waitingFor ? { waitingFor: progress.waitingFor } : {}),
  };
}
