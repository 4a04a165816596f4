import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';

/**
 * The folders on the computer running Busker, from the user's home down, for the browser host
 * (a browser never tells the host where a folder is). Opening a folder puts its path in the field.
 */
export function FolderBrowser({ onChoose }: { onChoose(path: string): void }) {
  const listing = useAppStore((s) => s.folderListing);
  const error = useAppStore((s) => s.folderListingError);
  const browseFolders = useAppStore((s) => s.browseFolders);
  useEffect(() => {
    void browseFolders(null);
  }, [browseFolders]);
  const open = (path: string) => {
    onChoose(path);
    void browseFolders(path);
  };
  const separator = listing?.path.includes('\\') ? '\\' : '/';
  const childPath = (name: string) =>
    listing ? `${listing.path.replace(/[\\/]+$/, '')}${separator}${name}` : name;
  return (
    <section className="folder-browser" aria-labelledby="folder-browser-title">
      <h3 id="folder-browser-title" className="field-label">
        Folders on the computer running Busker
      </h3>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {listing ? (
        <>
          <p className="folder-browser__path" data-testid="folder-browser-path">
            {listing.path}
          </p>
          <ul className="folder-browser__list" aria-label={`Subfolders of ${listing.path}`}>
            {listing.parent !== null ? (
              <li>
                <button
                  type="button"
                  className="folder-browser__item"
                  onClick={() => open(listing.parent ?? '/')}
                >
                  ↑ Up to the parent folder
                </button>
              </li>
            ) : null}
            {listing.folders.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className="folder-browser__item"
                  aria-label={`Open ${name}`}
                  onClick={() => open(childPath(name))}
                >
                  {name}
                </button>
              </li>
            ))}
          </ul>
          {listing.folders.length === 0 ? <p className="field-hint">No subfolders here.</p> : null}
          {listing.truncated ? (
            <p className="field-hint">
              Only the first {listing.folders.length} subfolders are listed: type the path to go further.
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
