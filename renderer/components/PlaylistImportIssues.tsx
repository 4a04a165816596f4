import { useAppStore } from '../store/appStore';

/** The lines of an imported playlist that matched no library track, each with its reason. */
export function PlaylistImportIssues() {
  const report = useAppStore((s) => s.playlistImportIssues);
  const dismiss = useAppStore((s) => s.dismissPlaylistImportIssues);
  if (!report) return null;
  return (
    <section className="playlist-issues" aria-labelledby="playlist-issues-heading">
      <h2 id="playlist-issues-heading" className="playlist-issues__heading">
        {report.issues.length} {report.issues.length === 1 ? 'line' : 'lines'} of “{report.name}” not added
      </h2>
      <ul className="playlist-issues__list">
        {report.issues.slice(0, 100).map((issue) => (
          <li key={issue.line}>
            <span className="playlist-issues__location">
              Line {issue.line}: {issue.location}
            </span>{' '}
            — {issue.reason}
          </li>
        ))}
      </ul>
      <button type="button" className="text-button" onClick={dismiss}>
        Dismiss
      </button>
    </section>
  );
}
