import { useAppStore } from '../store/appStore';
import { CloseIcon } from './icons';

const shownIssues = 200;

/** What the last import did, and every file it could not add with the reason. */
export function ImportSummary() {
  const summary = useAppStore((s) => s.importSummary);
  const dismiss = useAppStore((s) => s.dismissImportSummary);
  if (!summary) return null;
  const { added, updated, removed, unchanged, issues } = summary;
  const nothingNew = added + updated + removed === 0;
  return (
    <section className="import-summary panel" role="status" aria-labelledby="import-summary-title">
      <header className="panel__header">
        <h2 id="import-summary-title" className="panel__title">
          Import finished
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Dismiss import summary"
          title="Dismiss"
          onClick={dismiss}
        >
          <CloseIcon />
        </button>
      </header>
      <p className="import-summary__folder path-tail" title={summary.folder}>
        <bdi>{summary.folder}</bdi>
      </p>
      <ul className="import-summary__counts">
        <li>
          <strong>{added.toLocaleString()}</strong> added
        </li>
        <li>
          <strong>{updated.toLocaleString()}</strong> updated
        </li>
        <li>
          <strong>{removed.toLocaleString()}</strong> removed
        </li>
        {unchanged > 0 ? (
          <li>
            <strong>{unchanged.toLocaleString()}</strong> unchanged
          </li>
        ) : null}
      </ul>
      {nothingNew && issues.length === 0 ? (
        <p className="field-hint">Your library was already up to date.</p>
      ) : null}
      {issues.length > 0 ? (
        <div className="import-summary__issues">
          <h3>
            {issues.length.toLocaleString()} {issues.length === 1 ? 'file was' : 'files were'} not added
          </h3>
          <ul aria-label="Import issues">
            {issues.slice(0, shownIssues).map((issue) => (
              <li key={issue.path}>
                <span className="issue__path">{issue.path}</span>
                <span className="issue__reason">{issue.reason}</span>
              </li>
            ))}
          </ul>
          {issues.length > shownIssues ? (
            <p className="field-hint">…and {(issues.length - shownIssues).toLocaleString()} more.</p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
