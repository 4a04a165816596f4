import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';

/** Confirms taking a folder's songs out of the library; nothing on disk is touched. */
export function RemoveFolderDialog() {
  const path = useAppStore((s) => s.folderToRemove);
  const { closeDialog, removeFolder } = useAppStore.getState();
  if (path === null) return null;
  return (
    <Modal title="Remove a folder" titleId="remove-folder-title" className="remove-folder-dialog">
      <p>
        Remove <span className="remove-folder-dialog__path">{path}</span> from the library? The files stay on
        disk.
      </p>
      <div className="modal__actions">
        <button type="button" className="text-button" autoFocus onClick={closeDialog}>
          Cancel
        </button>
        <button type="button" className="primary-button" onClick={() => void removeFolder(path)}>
          Remove
        </button>
      </div>
    </Modal>
  );
}
