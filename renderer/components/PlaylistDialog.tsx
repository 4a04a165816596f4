import { useState } from 'react';
import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';

/** Names a new playlist, renames one, or confirms deleting one. */
export function PlaylistDialog() {
  const task = useAppStore((s) => s.playlistTask);
  const { closeDialog, createPlaylist, renamePlaylist, deletePlaylist } = useAppStore.getState();
  const [name, setName] = useState(task?.kind === 'rename' ? task.name : '');
  if (!task) return null;

  if (task.kind === 'delete') {
    return (
      <Modal title="Delete playlist" titleId="playlist-dialog-title">
        <p>Delete the playlist “{task.name}”? Its songs stay in the library.</p>
        <div className="modal__actions">
          <button type="button" className="text-button" autoFocus onClick={closeDialog}>
            Cancel
          </button>
          <button type="button" className="primary-button" onClick={() => void deletePlaylist(task.id)}>
            Delete
          </button>
        </div>
      </Modal>
    );
  }

  const creating = task.kind === 'create';
  const trimmed = name.trim();
  return (
    <Modal title={creating ? 'New playlist' : 'Rename playlist'} titleId="playlist-dialog-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!trimmed) return;
          if (creating) void createPlaylist(trimmed, task.trackIds);
          else void renamePlaylist(task.id, trimmed);
        }}
      >
        <label className="field-label" htmlFor="playlist-name">
          Name
        </label>
        <input
          id="playlist-name"
          className="text-field"
          type="text"
          autoComplete="off"
          value={name}
          maxLength={200}
          autoFocus
          required
          onChange={(event) => setName(event.target.value)}
        />
        {creating && task.trackIds.length > 0 ? (
          <p className="field-hint">
            With {task.trackIds.length} {task.trackIds.length === 1 ? 'song' : 'songs'}.
          </p>
        ) : null}
        <div className="modal__actions">
          <button type="button" className="text-button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary-button" disabled={!trimmed}>
            {creating ? 'Create' : 'Rename'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
