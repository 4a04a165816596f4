import { shortcutHelp } from '../logic/keyboardShortcuts';
import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The keyboard shortcuts, opened with `?`. */
export function ShortcutsDialog() {
  const closeDialog = useAppStore((s) => s.closeDialog);
  return (
    <Modal title="Keyboard shortcuts" titleId="shortcuts-title" className="shortcuts-dialog">
      <p className="modal__note">Shortcuts work anywhere except while you type in a field.</p>
      <table className="shortcuts-table">
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {shortcutHelp(isMac ? '⌘' : 'Ctrl').map((entry) => (
            <tr key={entry.what}>
              <td>
                {entry.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? <span className="shortcut-or"> or </span> : null}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{entry.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal__actions">
        <button type="button" className="primary-button" autoFocus onClick={closeDialog}>
          Close
        </button>
      </div>
    </Modal>
  );
}
