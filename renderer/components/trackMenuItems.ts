import type { TrackSummary } from '../../core/api/appApi';
import { isPlayable, lockedTrackMessage } from '../logic/unlockProgress';
import type { AppState } from '../store/appStore';
import type { MenuItem } from './ContextMenu';

/** Plays the tracks in order; a locked one is left out with a word, never an error. */
export function playTracksSkippingLocked(state: AppState, tracks: readonly TrackSummary[], start = 0): void {
  const playable = tracks.filter((track) => isPlayable(state.catalogueById.get(track.id)));
  const locked = tracks.length - playable.length;
  if (locked > 0) {
    state.notify(
      locked === 1
        ? `${lockedTrackMessage(tracks.find((t) => !playable.includes(t))!.title)} It was skipped.`
        : `${locked} locked tracks were skipped: tip to unlock them.`,
      'info',
    );
  }
  if (playable.length === 0) return;
  const startTrack = tracks[start];
  const startIndex = startTrack ? Math.max(0, playable.indexOf(startTrack)) : 0;
  state.playTracks(
    playable.map((track) => track.id),
    startIndex,
  );
}

/** The track context menu: play, queue, add to a playlist, go to the album or artist. */
export function trackMenuItems(state: AppState, tracks: readonly TrackSummary[]): MenuItem[] {
  const ids = tracks.map((track) => track.id);
  const first = tracks[0];
  const oneAlbum = first && tracks.every((track) => track.albumId === first.albumId) ? first : null;
  const oneArtist = first && tracks.every((track) => track.artistId === first.artistId) ? first : null;
  const items: MenuItem[] = [
    { label: 'Play', onSelect: () => playTracksSkippingLocked(state, tracks) },
    { label: 'Play next', onSelect: () => state.playNext(ids) },
    { label: 'Add to queue', onSelect: () => state.addToQueue(ids) },
    {
      label: 'Add to playlist',
      items: [
        ...(state.playlists ?? []).map((playlist) => ({
          label: playlist.name,
          onSelect: () => void state.addToPlaylist(playlist.id, ids),
        })),
        { label: 'New playlist…', onSelect: () => state.askPlaylistTask({ kind: 'create', trackIds: ids }) },
      ],
    },
  ];
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
  return items;
}
