import type { TrackSummary } from '../../core/api/appApi';
import { playableQueue, skippedLockedMessage } from '../logic/playableQueue';
import type { AppState } from '../store/appStore';
import type { MenuItem } from './ContextMenu';

/** Plays the tracks in order from `start`; a locked one is skipped with a word, never an error. */
export function playTracksSkippingLocked(state: AppState, tracks: readonly TrackSummary[], start = 0): void {
  const queue = playableQueue(tracks, start, (id) => state.catalogueById.get(id) ?? undefined);
  const message = skippedLockedMessage(queue.skipped);
  if (message) state.notify(message, 'info');
  state.playTracks(queue.ids, queue.startIndex);
}

/** Play, Play next, Add to queue and Add to playlist ▸ for tracks known now or fetched when chosen. */
export function queueMenuItems(
  state: AppState,
  trackIds: () => Promise<number[]>,
  play: () => void,
): MenuItem[] {
  const withIds = (use: (ids: number[]) => unknown) => () =>
    void trackIds().then((ids) => ids.length > 0 && use(ids));
  return [
    { label: 'Play', onSelect: play },
    { label: 'Play next', onSelect: withIds((ids) => state.playNext(ids)) },
    { label: 'Add to queue', onSelect: withIds((ids) => state.addToQueue(ids)) },
    {
      label: 'Add to playlist',
      items: [
        ...(state.playlists ?? []).map((playlist) => ({
          label: playlist.name,
          onSelect: withIds((ids) => state.addToPlaylist(playlist.id, ids)),
        })),
        {
          label: 'New playlist…',
          onSelect: withIds((ids) => state.askPlaylistTask({ kind: 'create', trackIds: ids })),
        },
      ],
    },
  ];
}

/**
 * The track context menu: play, queue, add to a playlist, go to the album or artist, and in the
 * desktop app show one library file in its folder.
 */
export function trackMenuItems(state: AppState, tracks: readonly TrackSummary[]): MenuItem[] {
  const ids = tracks.map((track) => track.id);
  const first = tracks[0];
  const oneAlbum = first && tracks.every((track) => track.albumId === first.albumId) ? first : null;
  const oneArtist = first && tracks.every((track) => track.artistId === first.artistId) ? first : null;
  const items = queueMenuItems(
    state,
    () => Promise.resolve(ids),
    () => playTracksSkippingLocked(state, tracks),
  );
  if (oneAlbum?.albumId != null) {
    const { albumId, album, artist } = oneAlbum;
    items.push({
      label: 'Go to album',
      onSelect: () => state.showView({ kind: 'album', albumId, title: album, artist }),
    });
  }
  if (oneArtist?.artistId != null) {
    const { artistId, artist } = oneArtist;
    items.push({
      label: 'Go to artist',
      onSelect: () => state.showView({ kind: 'artist', artistId, name: artist }),
    });
  }
  // A catalogue track is not a file of its own: there is no folder to show.
  if (
    state.capabilities?.desktopShell &&
    first &&
    tracks.length === 1 &&
    !state.catalogueById.get(first.id)
  ) {
    items.push({ label: 'Show in folder', onSelect: () => void state.showTrackInFolder(first.id) });
  }
  return items;
}
