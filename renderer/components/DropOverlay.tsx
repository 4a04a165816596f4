import { FolderIcon } from './icons';

/** Shown while a folder is dragged over the window. */
export function DropOverlay() {
  return (
    <div className="drop-overlay" role="status">
      <div className="drop-overlay__target">
        <FolderIcon />
        <p>Drop a folder to add it to your library</p>
      </div>
    </div>
  );
}
