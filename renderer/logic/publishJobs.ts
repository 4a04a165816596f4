import type { PublishJobSummary, PublishStep } from '../../core/api/appApi';
import { missingCase } from '../../base/missingCase';

const stepRank: Record<PublishStep, number> = {
  queued: 0,
  encrypted: 1,
  'audio-added': 2,
  'metadata-added': 3,
  'tx-recorded': 4,
  published: 5,
  'key-deposited': 6,
  done: 7,
  failed: 7,
};

const totalSteps = stepRank.done;

/**
 * Folds one job report into the list: a job keeps its place, new jobs go to the end, and a
 * report older than what is shown (a late answer after a newer event) is ignored.
 */
export function withPublishJob(
  jobs: readonly PublishJobSummary[],
  job: PublishJobSummary,
): PublishJobSummary[] {
  const index = jobs.findIndex((known) => known.id === job.id);
  if (index < 0) return [...jobs, job];
  const before = jobs[index];
  if (before && isFinished(before) && !isFinished(job)) return [...jobs];
  if (before && stepRank[job.step] < stepRank[before.step]) return [...jobs];
  if (
    before &&
    job.step === before.step &&
    job.bytesTotal === before.bytesTotal &&
    job.bytesDone < before.bytesDone
  ) {
    return [...jobs];
  }
  const next = [...jobs];
  next[index] = job;
  return next;
}

/** Folds several reports (a listing, or a publish call's answer) in order. */
export function withPublishJobs(
  jobs: readonly PublishJobSummary[],
  reports: readonly PublishJobSummary[],
): PublishJobSummary[] {
  return reports.reduce<PublishJobSummary[]>((list, job) => withPublishJob(list, job), [...jobs]);
}

export function isFinished(job: PublishJobSummary): boolean {
  return job.step === 'done' || job.step === 'failed';
}

/** 0..1 for the job's progress bar: whole steps, and bytes within the encrypt/add steps. */
export function publishFraction(job: PublishJobSummary): number {
  if (job.step === 'done' || job.step === 'failed') return 1;
  const rank = stepRank[job.step];
  const within = job.bytesTotal > 0 ? Math.min(1, job.bytesDone / job.bytesTotal) : 0;
  return Math.min(1, (rank + within) / totalSteps);
}

/** A short state to show when the host's own message is empty. */
export function publishStepLabel(step: PublishStep): string {
  switch (step) {
    case 'queued':
      return 'Waiting to start…';
    case 'encrypted':
      return 'Encrypted';
    case 'audio-added':
      return 'Audio stored';
    case 'metadata-added':
      return 'Details stored';
    case 'tx-recorded':
      return 'Publishing on chain…';
    case 'published':
      return 'Published; depositing the key…';
    case 'key-deposited':
      return 'Key deposited';
    case 'done':
      return 'On sale';
    case 'failed':
      return 'Failed';
    default:
      return missingCase(step);
  }
}

/** What a job's line says: the host's words, or the failure's reason. */
export function publishJobMessage(job: PublishJobSummary): string {
  if (job.step === 'failed') return job.failureReason ?? job.message ?? publishStepLabel(job.step);
  return job.message || publishStepLabel(job.step);
}

export function publishCounts(jobs: readonly PublishJobSummary[]) {
  let done = 0;
  let failed = 0;
  for (const job of jobs) {
    if (job.step === 'done') done += 1;
    else if (job.step === 'failed') failed += 1;
  }
  return { done, failed, running: jobs.length - done - failed };
}

/** Paths typed one per line (the headless fallback for drops): trimmed, blank lines and repeats dropped. */
export function pathsFromText(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()))].filter(Boolean);
}

/** Local paths out of a `text/uri-list` drop: file:// URLs only, comments skipped. */
export function pathsFromUriList(uriList: string): string[] {
  const paths: string[] = [];
  for (const line of uriList.split(/\r?\n/)) {
    const entry = line.trim();
    if (!entry || entry.startsWith('#')) continue;
    try {
      const url = new URL(entry);
      if (url.protocol === 'file:') paths.push(decodeURIComponent(url.pathname));
    } catch {
      // Not a URL: nothing to publish from it.
    }
  }
  return paths;
}
