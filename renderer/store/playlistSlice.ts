import type { PlaylistImportIssue, PlaylistSummary, TrackQuery, TrackSummary } from '../../core/api/appApi';
import type { SliceCreator } from './storeTypes';

/** The playlist on screen: its entries in order, with their tracks. */
export interface OpenPlaylist {
  id: number;
  name: string;
  tracks: TrackSummary[];
}

/** What the playlist dialog is for: naming a new one (with tracks to put in it), renaming, deleting. */
export type PlaylistDialogTask =
  | { kind: 'create'; trackIds: number[] }
  | { kind: 'rename'; id: number; name: string }
  | { kind: 'delete'; id: number; name: string };

export interface PlaylistSlice {
  playlists: PlaylistSummary[] | null;
  openPlaylist: OpenPlaylist | null;
  playlistTask: PlaylistDialogTask | null;
  /** The lines of the last imported playlist that did not become entries. */
  playlistImportIssues: { name: string; issues: PlaylistImportIssue[] } | null;
  loadPlaylists(): Promise<void>;
  showPlaylist(id: number): Promise<void>;
  askPlaylistTask(task: PlaylistDialogTask): void;
  createPlaylist(name: string, trackIds: number[]): Promise<void>;
  renamePlaylist(id: number, name: string): Promise<void>;
  deletePlaylist(id: number): Promise<void>;
  addToPlaylist(id: number, trackIds: number[]): Promise<void>;
  /** Moves the entry at `from` to `to` in the open playlist. */
  movePlaylistEntry(from: number, to: number): Promise<void>;
  removePlaylistEntry(index: number): Promise<void>;
  /**
   * The desktop app saves through its save dialog (paths relative to the chosen folder) and
   * resolves null; the browser gets the text to offer as a download (absolute paths).
   */
  exportPlaylist(id: number): Promise<{ fileName: string; text: string } | null>;
  importPlaylist(file: File): Promise<void>;
  dismissPlaylistImportIssues(): void;
  /** Every track id of an album or artist, for the context menu's queue and playlist items. */
  trackIdsOf(query: TrackQuery): Promise<number[]>;
}

/** The size the host accepts (4 MiB): checked here first, so a huge upload is not sent at all. */
const maxPlaylistFileBytes = 4 * 1024 * 1024;
const songs = (count: number) => `${count} ${count === 1 ? 'song' : 'songs'}`;
/** A playlist file refused, then one read: the refusal is out of date. */
const playlistImportSubject = 'playlist-import';

export const createPlaylistSlice: SliceCreator<PlaylistSlice> = (bridge) => (set, get) => {
  async function refresh() {
    set({ playlists: await bridge.listPlaylists() });
    const open = get().openPlaylist;
    if (open) await loadOpen(open.id);
  }

  // Reorders show at once and are written in order; the host's copy is loaded back once the last
  // write is in. A load lands only if no newer load and no edit began while it read: an answer
  // read before a move would put the older order back (and take the focus off the moved row).
  let loads = 0;
  let edits = 0;
  let editsInFlight = 0;
  let writes: Promise<unknown> = Promise.resolve();

  async function loadOpen(id: number) {
    const load = ++loads;
    const editsBefore = edits;
    const playlist = await bridge.getPlaylist(id);
    const byId = new Map((await bridge.getTracks([...new Set(playlist.trackIds)])).map((t) => [t.id, t]));
    if (load !== loads || edits !== editsBefore || editsInFlight > 0) return;
    set({
      openPlaylist: { id, name: playlist.name, tracks: playlist.trackIds.flatMap((t) => byId.get(t) ?? []) },
    });
  }

  /** Runs a host call, shows its failure in words, and reloads the playlists either way. */
  async function change(task: () => Promise<void>, subject?: string) {
    try {
      await task();
      if (subject !== undefined) get().noticeSubjectSucceeded(subject);
    } catch (error) {
      get().notifyError(error, subject === undefined ? undefined : { subject });
    }
    try {
      await refresh();
    } catch (error) {
      get().notifyError(error);
    }
  }

  async function editOpen(open: OpenPlaylist, tracks: TrackSummary[]) {
    set({ openPlaylist: { ...open, tracks } });
    edits++;
    editsInFlight++;
    const write = writes.then(() =>
      bridge.setPlaylistTracks(
        open.id,
        tracks.map((t) => t.id),
      ),
    );
    writes = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      get().notifyError(error);
    } finally {
      editsInFlight--;
    }
    if (editsInFlight === 0) await change(async () => undefined);
  }

  return {
    playlists: null,
    openPlaylist: null,
    playlistTask: null,
    playlistImportIssues: null,

    async loadPlaylists() {
      try {
        await refresh();
      } catch (error) {
        get().notifyError(error);
      }
    },

    async showPlaylist(id) {
      set({ openPlaylist: null });
      get().showView({ kind: 'playlist', playlistId: id });
      try {
        await loadOpen(id);
      } catch (error) {
        get().notifyError(error);
      }
    },

    askPlaylistTask(task) {
      set({ playlistTask: task });
      get().openDialog('playlist');
    },

    async createPlaylist(name, trackIds) {
      get().closeDialog();
      await change(async () => {
        const created = await bridge.createPlaylist(name, trackIds);
        if (trackIds.length > 0)
          get().notify(`Added ${songs(created.trackCount)} to “${created.name}”.`, 'info');
        else await get().showPlaylist(created.id);
      });
    },

    async renamePlaylist(id, name) {
      get().closeDialog();
      await change(async () => void (await bridge.renamePlaylist(id, name)));
    },

    async deletePlaylist(id) {
      get().closeDialog();
      await change(async () => {
        await bridge.deletePlaylist(id);
        // Gone from the list at once, not a round trip after the view has moved on.
        set((state) => ({ playlists: state.playlists?.filter((playlist) => playlist.id !== id) ?? null }));
        if (get().openPlaylist?.id === id) {
          set({ openPlaylist: null });
          get().showView({ kind: 'songs' });
        }
      });
    },

    async addToPlaylist(id, trackIds) {
      await change(async () => {
        const before = get().playlists?.find((p) => p.id === id)?.trackCount ?? 0;
        const after = await bridge.addToPlaylist(id, trackIds);
        get().notify(`Added ${songs(after.trackCount - before)} to “${after.name}”.`, 'info');
      });
    },

    async movePlaylistEntry(from, to) {
      const open = get().openPlaylist;
      if (!open || to < 0 || to >= open.tracks.length || from === to) return;
      const tracks = [...open.tracks];
      const [moved] = tracks.splice(from, 1);
      tracks.splice(to, 0, moved!);
      await editOpen(open, tracks);
    },

    async removePlaylistEntry(index) {
      const open = get().openPlaylist;
      if (!open) return;
      await editOpen(
        open,
        open.tracks.filter((_, at) => at !== index),
      );
    },

    async exportPlaylist(id) {
      try {
        if (!get().capabilities?.desktopShell) return await bridge.exportPlaylist(id);
        const saved = await bridge.savePlaylistFile(id);
        if (saved !== null) get().notify(`Saved the playlist as “${saved}”.`, 'info');
        return null;
      } catch (error) {
        get().notifyError(error);
        return null;
      }
    },

    async importPlaylist(file) {
      if (file.size > maxPlaylistFileBytes) {
        get().notify(
          `“${file.name}” is larger than 4 MiB, so it is not a playlist Busker can read.`,
          'error',
          {
            subject: playlistImportSubject,
          },
        );
        return;
      }
      await change(async () => {
        // The desktop app knows where the file is, so its relative lines can be found.
        const result = await bridge.importPlaylist(file.name, await file.text(), bridge.pathForFile(file));
        set({
          playlistImportIssues:
            result.issues.length > 0 ? { name: result.playlist.name, issues: result.issues } : null,
        });
        get().notify(`Imported “${result.playlist.name}”: ${songs(result.playlist.trackCount)}.`, 'info');
        await get().showPlaylist(result.playlist.id);
      }, playlistImportSubject);
    },

    dismissPlaylistImportIssues: () => set({ playlistImportIssues: null }),

    async trackIdsOf(query) {
      try {
        return await bridge.listTrackIds(query);
      } catch (error) {
        get().notifyError(error);
        return [];
      }
    },
  };
};
