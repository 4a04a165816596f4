/**
 * The app API methods of the desktop app's shell: saving a playlist file where the user
 * chooses, showing a track's file in the file manager, and the track-change notification (whose
 * text other hosts hand to the page). The renderer sends ids only; the
 * paths come from the library, never from the page.
 */
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AppApi } from '../api/appApi';
import type { AppBackendOptions } from './backendOptions';
import { AppError } from '../errors';
import type { Playlists } from '../library/playlists';
import type { TrackQueries } from '../library/trackQueries';
import { trackNotice } from '../library/trackNotice';

type DesktopShellApi = Pick<AppApi, 'savePlaylistFile' | 'showTrackInFolder' | 'notifyTrack'>;

export function desktopShellApi(
  shell: AppBackendOptions['desktopShell'],
  playlists: Playlists,
  queries: TrackQueries,
): DesktopShellApi {
  const desktopOnly = () =>
    new AppError('UNAVAILABLE', 'Only the desktop app can do this. In the browser, use the download.');
  return {
    async savePlaylistFile(id) {
      if (!shell) throw desktopOnly();
      const { fileName } = playlists.exportM3u(id, null);
      const path = await shell.pickSaveFile(fileName);
      if (path === null) return null;
      // Written after the dialog: the playlist may have changed while it was open.
      await writeFile(path, playlists.exportM3u(id, dirname(path)).text, 'utf8');
      return path;
    },
    async showTrackInFolder(trackId) {
      if (!shell) throw desktopOnly();
      const file = queries.trackFile(trackId);
      if (!file) {
        throw new AppError(
          'NOT_FOUND',
          'This song is no longer in your library, or it is not a file on this computer.',
        );
      }
      shell.showItemInFolder(file.path);
    },
    async notifyTrack(trackId) {
      const [track] = queries.getTracks([trackId]);
      if (!track) throw new AppError('NOT_FOUND', 'This song is no longer in your library.');
      const notice = trackNotice(track);
      if (!shell) return notice;
      shell.notify(notice.title, notice.body);
      return null;
    },
  };
}
