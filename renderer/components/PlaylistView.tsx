import type { DragEvent, KeyboardEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { TrackSummary } from '../../core/api/appApi';
import { formatTrackLength } from '../logic/formatDuration';
import { carriesTracks, droppedTrackIds } from './trackDrag';
import { rowLockState } from '../logic/unlockProgress';
import { useAppStore } from '../store/appStore';
import { ContextMenu } from './ContextMenu';
import { PlaylistImportIssues } from './PlaylistImportIssues';
import { TrackLockCell } from './TrackLockCell';
import { isMenuKey } from './TrackList';
import { playTracksSkippingLocked, trackMenuItems } from './trackMenuItems';

/** Offers text as a file download (the browser host cannot write to the listener's disk). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'audio/x-mpegurl;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const entryDragType = 'application/x-busker-playlist-entry';

/**
 * One playlist: its entries in order. Alt+↑/↓ (or dragging) moves the focused entry, Delete
 * removes it, Enter plays from it; a locked catalogue track shows its price and is skipped.
 */
export function PlaylistView() {
  const playlist = useAppStore((s) => s.openPlaylist);
  const catalogueById = useAppStore((s) => s.catalogueById);
  const unlocks = useAppStore((s) => s.unlocks);
  const { movePlaylistEntry, removePlaylistEntry, askPlaylistTask, exportPlaylist, addToPlaylist } =
    useAppStore.getState();
  const [focus, setFocus] = useState(0);
  const [menu, setMenu] = useState<{ x: number; y: number; index: number } | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  const tracks = playlist?.tracks ?? [];
  const ids = tracks.map((track) => track.id).join(',');

  useEffect(() => {
    if (ids) void useAppStore.getState().loadCatalogueStates(ids.split(',').map(Number));
  }, [ids]);
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    bodyRef.current?.querySelector<HTMLElement>(`[data-index="${focus}"]`)?.focus();
  });

  if (!playlist) return <section className="playlist-view" aria-busy="true" aria-label="Playlist" />;

  const play = (start: number) => playTracksSkippingLocked(useAppStore.getState(), tracks, start);
  const focusRow = (index: number) => {
    setFocus(Math.max(0, Math.min(tracks.length - 1, index)));
    focusPending.current = true;
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= tracks.length) return;
    void movePlaylistEntry(from, to);
    focusRow(to);
  };

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    if (isMenuKey(event)) {
      event.preventDefault();
      const box = event.currentTarget.getBoundingClientRect();
      setMenu({ x: box.left + 48, y: box.bottom, index });
      return;
    }
    const up = event.key === 'ArrowUp';
    if ((up || event.key === 'ArrowDown') && event.altKey) {
      event.preventDefault();
      move(index, index + (up ? -1 : 1));
    } else if (up || event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(index + (up ? -1 : 1));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      focusRow(event.key === 'Home' ? 0 : tracks.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      play(index);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      void removePlaylistEntry(index);
      focusRow(Math.min(index, tracks.length - 2));
    }
  };

  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    const from = Number(event.dataTransfer.getData(entryDragType));
    if (event.dataTransfer.types.includes(entryDragType) && Number.isInteger(from)) move(from, index);
    else if (carriesTracks(event)) void addToPlaylist(playlist.id, droppedTrackIds(event));
  };
  const allowDrop = (event: DragEvent) => {
    if (event.dataTransfer.types.includes(entryDragType) || carriesTracks(event)) event.preventDefault();
  };

  const onExport = async () => {
    const file = await exportPlaylist(playlist.id);
    if (file) download(file.fileName, file.text);
  };

  const menuTrack: TrackSummary | undefined = menu ? tracks[menu.index] : undefined;
  const count = `${tracks.length} ${tracks.length === 1 ? 'song' : 'songs'}`;
  return (
    <section className="track-section playlist-view" aria-labelledby="playlist-heading">
      <header className="section-header">
        <div className="section-title">
          <h1 id="playlist-heading">{playlist.name}</h1>
        </div>
        <p className="section-count">{count}</p>
        <div className="playlist-view__actions">
          <button
            type="button"
            className="primary-button"
            disabled={tracks.length === 0}
            onClick={() => play(0)}
          >
            Play
          </button>
          <button
            type="button"
            className="secondary-button"
            onClick={() => askPlaylistTask({ kind: 'rename', id: playlist.id, name: playlist.name })}
          >
            Rename
          </button>
          <button type="button" className="secondary-button" onClick={() => void onExport()}>
            Export M3U8
          </button>
          <button
            type="button"
            className="secondary-button"
            onClick={() => askPlaylistTask({ kind: 'delete', id: playlist.id, name: playlist.name })}
          >
            Delete
          </button>
        </div>
      </header>
      <PlaylistImportIssues />
      {tracks.length === 0 ? (
        <p className="playlist-view__empty" onDragOver={allowDrop} onDrop={(event) => onDrop(event, 0)}>
          This playlist is empty. Right-click songs and choose <em>Add to playlist</em>, or drag them here.
        </p>
      ) : (
        <div
          className="track-grid playlist-grid"
          role="grid"
          aria-label={`Playlist ${playlist.name}`}
          aria-rowcount={tracks.length + 1}
          aria-describedby="playlist-keys"
        >
          <p id="playlist-keys" className="visually-hidden">
            Alt+Up and Alt+Down move a song, Delete removes it, Enter plays from it.
          </p>
          <div role="rowgroup" className="track-grid__head">
            <div role="row" aria-rowindex={1} className="track-row track-row--head">
              <div role="columnheader" className="track-row__number">
                #
              </div>
              <div role="columnheader">Title</div>
              <div role="columnheader">Artist</div>
              <div role="columnheader">Album</div>
              <div role="columnheader" className="track-row__duration">
                Time
              </div>
              <div role="columnheader" className="track-row__lock">
                Price
              </div>
            </div>
          </div>
          <div role="rowgroup" ref={bodyRef}>
            {tracks.map((track, index) => (
              <div
                // Duplicates are allowed, so the position is part of the key.
                key={`${index}:${track.id}`}
                role="row"
                className={index === focus ? 'track-row is-selected' : 'track-row'}
                data-index={index}
                aria-rowindex={index + 2}
                aria-label={`${track.title}, ${track.artist}, ${track.album}`}
                tabIndex={index === Math.min(focus, tracks.length - 1) ? 0 : -1}
                draggable
                onFocus={() => setFocus(index)}
                onKeyDown={(event) => onKeyDown(event, index)}
                onDoubleClick={() => play(index)}
                onContextMenu={(event) => {
                  event.preventDefault();
                  setFocus(index);
                  setMenu({ x: event.clientX, y: event.clientY, index });
                }}
                onDragStart={(event) => {
                  event.dataTransfer.setData(entryDragType, String(index));
                  event.dataTransfer.effectAllowed = 'move';
                }}
                onDragOver={allowDrop}
                onDrop={(event) => onDrop(event, index)}
              >
                <div role="gridcell" className="track-row__number">
                  {index + 1}
                </div>
                <div role="gridcell" className="track-row__title">
                  {track.title}
                </div>
                <div role="gridcell" className="track-row__artist">
                  {track.artist}
                </div>
                <div role="gridcell" className="track-row__album">
                  {track.album}
                </div>
                <div role="gridcell" className="track-row__duration">
                  {formatTrackLength(track.durationMs)}
                </div>
                <TrackLockCell
                  trackId={track.id}
                  title={track.title}
                  payee={track.artist}
                  lock={rowLockState(catalogueById.get(track.id), unlocks.get(track.id))}
                />
              </div>
            ))}
          </div>
        </div>
      )}
      {menu && menuTrack ? (
        <ContextMenu
          label={`Track: ${menuTrack.title}`}
          items={[
            ...trackMenuItems(useAppStore.getState(), [menuTrack]),
            { label: 'Remove from playlist', onSelect: () => void removePlaylistEntry(menu.index) },
          ]}
          x={menu.x}
          y={menu.y}
          onClose={() => {
            setMenu(null);
            focusRow(menu.index);
          }}
        />
      ) : null}
    </section>
  );
}
