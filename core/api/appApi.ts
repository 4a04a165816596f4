/**
 * The one contract between the renderer and the host (Electron main or the headless host).
 * The renderer imports this file for its types only; both hosts serve an implementation of
 * `AppApi` and validate every call's arguments with `appApiSchemas` before it reaches it.
 */
import type { MarketApi, MarketEvents } from './marketApi';

export type * from './marketApi';

export interface TrackSummary {
  id: number;
  title: string;
  artist: string;
  album: string;
  albumId: number | null;
  artistId: number | null;
  trackNumber: number | null;
  discNumber: number | null;
  year: number | null;
  durationMs: number | null;
  mime: string;
  coverId: number | null;
  /** A catalogue track's own artist tag, when it differs from `artist` (who a tip goes to). */
  taggedArtist?: string;
  /** Times the track counted as played, and when it last did (ms since the epoch). */
  playCount: number;
  lastPlayedAt: number | null;
  /** Present when the file's tags carry ReplayGain. */
  replayGain?: ReplayGainTags;
}

/** ReplayGain from a file's tags: gains in dB, peaks linear (1 = full scale); null when absent. */
export interface ReplayGainTags {
  trackGainDb: number | null;
  trackPeak: number | null;
  albumGainDb: number | null;
  albumPeak: number | null;
}

export interface AlbumSummary {
  id: number;
  title: string;
  artist: string;
  year: number | null;
  trackCount: number;
  coverId: number | null;
  /** Its album artist's id. */
  artistId: number;
  /** Every artist credited on it: the album artist and each track's artist. */
  artistIds: number[];
  /** The sum of its tracks' known lengths; null when none is known. */
  durationMs: number | null;
  discCount: number;
}

export interface ArtistSummary {
  id: number;
  name: string;
  albumCount: number;
  trackCount: number;
}

/** Columns the track list sorts by (the host maps each to its ORDER BY). */
export type TrackSortColumn = 'title' | 'artist' | 'album' | 'duration' | 'plays' | 'lastPlayed';

export interface TrackSort {
  column: TrackSortColumn;
  descending: boolean;
}

/**
 * Which tracks to list: all (text empty), a search, one album or one artist. `recent` lists
 * the newest imports first, or only the tracks played, the last played first.
 */
export interface TrackQuery {
  text?: string;
  albumId?: number;
  artistId?: number;
  /** Without it: the library's own order (artist, album, disc, track), or search rank. */
  sort?: TrackSort;
  recent?: 'added' | 'played';
}

export interface TrackPageRequest extends TrackQuery {
  offset: number;
  limit: number;
}

export interface TrackPage {
  total: number;
  offset: number;
  tracks: TrackSummary[];
}

/** How many of each group a grouped search returns (its totals count them all). */
export interface SearchLimits {
  artists: number;
  albums: number;
  songs: number;
}

/** One group of a grouped search: its best hits, ranked, and how many there are in all. */
export interface SearchGroup<Item> {
  total: number;
  items: Item[];
}

/** A search over the whole library, grouped; every group ranks exact, then prefix hits first. */
export interface LibrarySearchResult {
  artists: SearchGroup<ArtistSummary>;
  albums: SearchGroup<AlbumSummary>;
  songs: SearchGroup<TrackSummary>;
}

export interface LibraryStats {
  tracks: number;
  albums: number;
  artists: number;
}

export type ImportPhase = 'scanning' | 'reading' | 'saving' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  /** Files found so far (grows while scanning). */
  found: number;
  /** Files whose fate is decided (read, skipped as unchanged, or failed). */
  processed: number;
  /** Path of the file being processed last, relative to the imported folder. */
  current: string | null;
}

export type ImportIssueCode =
  | 'NOT_AUDIO'
  | 'UNREADABLE'
  | 'CORRUPT'
  | 'TOO_LARGE'
  /** Tags over a size or count cap, or needing more memory than one file is given. */
  | 'TAGS_TOO_LARGE'
  /** Reading the tags took longer than one file is given. */
  | 'TOO_SLOW'
  /** A link whose real path is outside the imported folder: not followed. */
  | 'LINK_OUTSIDE'
  /** A name that is not valid UTF-8, which Busker cannot store or open again. */
  | 'UNREADABLE_NAME';

export interface ImportIssue {
  /** Path relative to the imported folder. */
  path: string;
  code: ImportIssueCode;
  /** What happened, in the user's words. */
  reason: string;
}

export interface ImportSummary {
  folder: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  issues: ImportIssue[];
  durationMs: number;
}

/** A folder the listener imported; Busker keeps it up to date while it runs. */
export interface LibraryFolder {
  /** Absolute path on the computer running Busker. */
  path: string;
  trackCount: number;
  /** When its last import finished, in milliseconds since the epoch; null before the first. */
  lastImportAt: number | null;
}

export interface FolderListing {
  /** The folder listed, as an absolute path. */
  path: string;
  /** Its parent folder; null at the root. */
  parent: string | null;
  /** Its subfolders' names, hidden ones left out, alphabetical. */
  folders: string[];
  /** True when it has more subfolders than were listed. */
  truncated: boolean;
}

export interface PlaylistSummary {
  id: number;
  name: string;
  trackCount: number;
}

export interface Playlist {
  id: number;
  name: string;
  /** Library track ids in playlist order (a track may appear more than once). */
  trackIds: number[];
}

/** A line of an imported M3U that did not become an entry, and why. */
export interface PlaylistImportIssue {
  line: number;
  location: string;
  code: 'MISSING' | 'NOT_IN_LIBRARY' | 'SKIPPED';
  reason: string;
}

export interface PlaylistImport {
  playlist: PlaylistSummary;
  issues: PlaylistImportIssue[];
}

export interface HostCapabilities {
  host: 'electron' | 'headless';
  /** True when `pickFolder` can show a native folder dialog. */
  folderPicker: boolean;
  /** True when this host runs the wallet, publishing and the catalogue (the market methods). */
  market: boolean;
  /** True in the desktop app: it has save dialogs and can show a file in the file manager. */
  desktopShell: boolean;
}

export interface AppApi extends MarketApi {
  capabilities(): Promise<HostCapabilities>;
  libraryStats(): Promise<LibraryStats>;
  listTracks(request: TrackPageRequest): Promise<TrackPage>;
  /** Every id the query matches, in list order: used to fill the play queue. */
  listTrackIds(query: TrackQuery): Promise<number[]>;
  getTracks(ids: number[]): Promise<TrackSummary[]>;
  listAlbums(): Promise<AlbumSummary[]>;
  listArtists(): Promise<ArtistSummary[]>;
  /** Artists, albums and songs matching `text`; blank text matches all, symbols alone none. */
  searchLibrary(text: string, limits: SearchLimits): Promise<LibrarySearchResult>;
  /** Shows a native folder dialog; resolves null when cancelled or unavailable. */
  pickFolder(): Promise<string | null>;
  /**
   * The subfolders of a folder on the computer running Busker (its user's home when null; `~`
   * understood), for hosts without a native picker; the desktop app refuses it.
   */
  browseFolders(path: string | null): Promise<FolderListing>;
  /** Imports a folder (again) and remembers it, waiting for any import under way to finish. */
  importFolder(folder: string): Promise<ImportSummary>;
  listFolders(): Promise<LibraryFolder[]>;
  /** Forgets a library folder and takes its songs out of the library; the files stay on disk. */
  removeFolder(path: string): Promise<void>;
  listPlaylists(): Promise<PlaylistSummary[]>;
  getPlaylist(id: number): Promise<Playlist>;
  createPlaylist(name: string, trackIds: number[]): Promise<PlaylistSummary>;
  renamePlaylist(id: number, name: string): Promise<PlaylistSummary>;
  deletePlaylist(id: number): Promise<void>;
  addToPlaylist(id: number, trackIds: number[]): Promise<PlaylistSummary>;
  /** Replaces the entries: reordering and removing send the new order. */
  setPlaylistTracks(id: number, trackIds: number[]): Promise<PlaylistSummary>;
  /** M3U8 text with the host's paths (the page offers it as a download). */
  exportPlaylist(id: number): Promise<{ fileName: string; text: string }>;
  /**
   * A new playlist from an M3U/M3U8 file's text; lines that match no library track are reported.
   * Relative lines are found from the file's folder when its path is known (the desktop app).
   */
  importPlaylist(fileName: string, text: string, filePath?: string | null): Promise<PlaylistImport>;
  /**
   * Desktop app: asks where to save the playlist, writes M3U8 there with paths relative to that
   * folder where short, and resolves the path written (null when cancelled).
   */
  savePlaylistFile(id: number): Promise<string | null>;
  /** Desktop app: shows a library file in the system's file manager, found by its track id. */
  showTrackInFolder(trackId: number): Promise<void>;
  /** Records that a track counted as played (half of it, or four minutes, heard). */
  recordPlay(trackId: number): Promise<void>;
}

/** Events the host pushes to the renderer. */
export interface AppEvents extends MarketEvents {
  onDidImportProgress: ImportProgress;
  onDidChangeLibrary: LibraryStats;
}

export type AppMethod = keyof AppApi;
export type AppEventName = keyof AppEvents;

/** The error shape that crosses the boundary: a typed code and a message for the user. */
export interface AppErrorPayload {
  code: string;
  message: string;
}

/** What Electron's preload exposes on `window.busker`: verbs built from the contract, nothing more. */
export interface PreloadBridge {
  api: AppApi;
  on<E extends AppEventName>(name: E, listener: (payload: AppEvents[E]) => void): () => void;
  /** The local path of a file or folder dropped on the window (Electron's webUtils). */
  pathForFile(file: File): string | null;
}
