import type { ChangeEvent, DragEvent } from 'react';
import { useRef, useState } from 'react';
import { carriesTracks, droppedTrackIds } from './trackDrag';
import { useAppStore } from '../store/appStore';

/** The sidebar's playlists: open one, drop tracks on one, make a new one or import an M3U file. */
export function PlaylistNav() {
  const playlists = useAppStore((s) => s.playlists);
  const openId = useAppStore((s) => (s.view.kind === 'playlist' ? s.view.playlistId : null));
  const { showPlaylist, askPlaylistTask, addToPlaylist, importPlaylist, setSidebarOpen } =
    useAppStore.getState();
  const fileInput = useRef<HTMLInputElement>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);

  const onDragOver = (id: number) => (event: DragEvent) => {
    if (!carriesTracks(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropTarget(id);
  };
  const onDrop = (id: number) => (event: DragEvent) => {
    event.preventDefault();
    setDropTarget(null);
    const ids = droppedTrackIds(event);
    if (ids.length > 0) void addToPlaylist(id, ids);
  };
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void importPlaylist(file);
  };

  return (
    <section className="playlist-nav" aria-labelledby="playlist-nav-heading">
      <h2 id="playlist-nav-heading" className="sidebar__heading">
        Playlists
      </h2>
      <nav aria-labelledby="playlist-nav-heading">
        <ul className="nav-list">
          {(playlists ?? []).map((playlist) => (
            <li key={playlist.id}>
              <button
                type="button"
                className={[
                  'nav-item playlist-nav__item',
                  playlist.id === openId && 'is-active',
                  playlist.id === dropTarget && 'is-drop-target',
                ]
                  .filter(Boolean)
                  .join(' ')}
                aria-current={playlist.id === openId ? 'page' : undefined}
                onClick={() => {
                  // As the library sections do: a narrow window folds the sidebar on the way.
                  setSidebarOpen(false);
                  void showPlaylist(playlist.id);
                }}
                onDragOver={onDragOver(playlist.id)}
                onDragLeave={() => setDropTarget(null)}
                onDrop={onDrop(playlist.id)}
              >
                <span className="playlist-nav__name">{playlist.name}</span>
                <span className="playlist-nav__count">{playlist.trackCount}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="playlist-nav__actions">
        <button
          type="button"
          className="text-button"
          onClick={() => askPlaylistTask({ kind: 'create', trackIds: [] })}
        >
          New playlist
        </button>
        <button type="button" className="text-button" onClick={() => fileInput.current?.click()}>
          Import playlist
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".m3u,.m3u8,audio/x-mpegurl,application/vnd.apple.mpegurl"
          className="visually-hidden"
          aria-label="Playlist file to import (.m3u or .m3u8)"
          tabIndex={-1}
          onChange={onFile}
        />
      </div>
    </section>
  );
}
