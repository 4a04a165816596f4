import type { PublishJobSummary } from '../../core/api/appApi';
import { formatEtherWithUnit } from '../../base/etherAmount';
import { isFinished, publishCounts, publishFraction, publishJobMessage } from '../logic/publishJobs';
import { useAppStore } from '../store/appStore';
import { SecondCopyConfirm } from './SecondCopyConfirm';

function PublishJobItem({ job }: { job: PublishJobSummary }) {
  const className = ['publish-job', job.step === 'failed' && 'is-failed', job.step === 'done' && 'is-done']
    .filter(Boolean)
    .join(' ');
  return (
    <li className={className} aria-label={job.fileName} data-step={job.step}>
      <div className="publish-job__head">
        <span className="publish-job__title" title={job.fileName}>
          {job.title || job.fileName}
        </span>
        <span className="publish-job__price">{formatEtherWithUnit(job.priceWei)}</span>
      </div>
      <progress
        className="progress"
        aria-label={`Publishing ${job.fileName}`}
        max={1}
        value={publishFraction(job)}
      />
      <p className="publish-job__message" role={isFinished(job) ? undefined : 'status'}>
        {publishJobMessage(job)}
      </p>
    </li>
  );
}

function RefusedFiles() {
  const refused = useAppStore((s) => s.publishRefusals);
  if (refused.length === 0) return null;
  return (
    <div className="import-summary__issues">
      <h3>
        {refused.length} {refused.length === 1 ? 'file was' : 'files were'} not published
      </h3>
      <ul aria-label="Files not published">
        {refused.map((refusal) => (
          <li key={refusal.fileName}>
            <span className="issue__path">{refusal.fileName}</span>
            <span className="issue__reason">{refusal.reason}</span>
            {refusal.secondCopyPath !== undefined ? (
              <SecondCopyConfirm fileName={refusal.fileName} path={refusal.secondCopyPath} />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Every publish job with its progress bar and what it is doing, then the files refused. */
export function PublishJobList() {
  const jobs = useAppStore((s) => s.publishJobs);
  const { done, failed, running } = publishCounts(jobs);
  return (
    <section className="publish-jobs" aria-labelledby="publish-jobs-title">
      <h2 id="publish-jobs-title" className="settings__heading">
        Your tracks
      </h2>
      {jobs.length === 0 ? (
        <p className="field-hint">Nothing published from this computer yet.</p>
      ) : (
        <>
          <p className="field-hint" aria-live="polite">
            {done} on sale · {running} in progress{failed > 0 ? ` · ${failed} failed` : ''}
          </p>
          <ul className="publish-jobs__list" aria-label="Publishing">
            {jobs.map((job) => (
              <PublishJobItem key={job.id} job={job} />
            ))}
          </ul>
        </>
      )}
      <RefusedFiles />
    </section>
  );
}
