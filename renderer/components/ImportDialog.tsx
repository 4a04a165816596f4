import { useEffect, useState } from 'react';
import { useAppStore } from '../store/appStore';
import { FolderBrowser } from './FolderBrowser';
import { Modal } from './Modal';

/** Asks for a folder's path when the host has no folder picker (or a browser hid a dropped one). */
export function ImportDialog() {
  // After a failed import the dialog opens again with what was typed, and why it failed: taken
  // once, so the next time it opens it starts afresh.
  const [path, setPath] = useState(() => useAppStore.getState().importDialogPath ?? '');
  const [failure] = useState(() => useAppStore.getState().importDialogError);
  useEffect(() => useAppStore.getState().forgetImportDialogFailure(), []);
  const note = useAppStore((s) => s.importDialogNote);
  const headless = useAppStore((s) => s.capabilities?.host === 'headless');
  const { closeDialog, importFolderFromDialog, browseFolders } = useAppStore.getState();
  const folder = path.trim();

  return (
    <Modal title="Import a folder" titleId="import-dialog-title" className="import-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!folder) return;
          void importFolderFromDialog(folder);
        }}
      >
        {note ? (
          <p className="modal__note" role="note">
            {note}
          </p>
        ) : null}
        {failure ? (
          <p className="form-error" role="alert">
            {failure}
          </p>
        ) : null}
        <label className="field-label" htmlFor="import-folder-path">
          Folder path
        </label>
        <input
          id="import-folder-path"
          className="text-field"
          type="text"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder={headless ? '~/Music' : '/home/you/Music'}
          aria-describedby="import-folder-hint"
          value={path}
          onChange={(event) => setPath(event.currentTarget.value)}
        />
        <p id="import-folder-hint" className="field-hint">
          {headless
            ? 'The path of a folder on the computer running Busker, which may not be the one in front of you.'
            : 'The path of a folder on the computer running Busker.'}{' '}
          Busker adds the music it finds there and in its subfolders.
          {headless ? ' ~ is your home folder.' : ''}
        </p>
        {headless ? (
          <>
            <button
              type="button"
              className="secondary-button"
              disabled={!folder}
              onClick={() => void browseFolders(folder)}
            >
              Show this folder
            </button>
            <FolderBrowser onChoose={setPath} />
          </>
        ) : null}
        <div className="modal__actions">
          <button type="button" className="text-button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary-button" disabled={!folder}>
            Import
          </button>
        </div>
      </form>
    </Modal>
  );
}
