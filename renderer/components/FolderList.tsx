import { useAppStore } from '../store/appStore';
import { CloseIcon } from './icons';
import { plural } from '../logic/plural';

/** The last part of a path, whichever separator the host uses. */
function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** The folders in the library, each with its song count and a way to remove it. */
export function FolderList() {
  const folders = useAppStore((s) => s.folders);
  const askToRemoveFolder = useAppStore((s) => s.askToRemoveFolder);
  if (!folders || folders.length === 0) return null;
  return (
    <section className="folder-list" aria-labelledby="folder-list-heading">
      <h2 id="folder-list-heading" className="sidebar__heading">
        Folders
      </h2>
      <ul className="folder-list__items" aria-labelledby="folder-list-heading">
        {folders.map((folder) => (
          <li key={folder.path} className="folder-list__item">
            <span className="folder-list__text" title={folder.path}>
              <span className="folder-list__name">{folderName(folder.path)}</span>
              <span className="folder-list__count">{plural(folder.trackCount, 'song', 'songs')}</span>
            </span>
            <button
              type="button"
              className="icon-button folder-list__remove"
              aria-label={`Remove folder ${folder.path}`}
              title="Remove from the library"
              onClick={() => askToRemoveFolder(folder.path)}
            >
              <CloseIcon />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
