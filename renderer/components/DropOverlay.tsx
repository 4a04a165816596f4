import { useAppStore } from '../store/appStore';
import { FolderIcon } from './icons';

/** Shown while a folder (or, on the publish page, audio files) is dragged over the window. */
export function DropOverlay() {
  const publishing = useAppStore((s) => s.view.kind === 'publish');
  return (
    <div className="drop-overlay" role="status">
      <div className="drop-overlay__target">
        <FolderIcon />
        <p>{publishing ? 'Drop audio files to publish them' : 'Drop a folder to add it to your library'}</p>
      </div>
    </div>
  );
}
