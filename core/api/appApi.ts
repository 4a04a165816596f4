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
}

export interface ArtistSummary {
  id: number;
  name: string;
  albumCount: number;
  trackCount: number;
}

/** Which tracks to list: all (text empty), a search, one album or one artist. */
export interface TrackQuery {
  text?: string;
  albumId?: number;
  artistId?: number;
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

export interface HostCapabilities {
  host: 'electron' | 'headless';
  /** True when `pickFolder` can show a native folder dialog. */
  folderPicker: boolean;
  /** True when this host runs the wallet, publishing and the catalogue (the market methods). */
  market: boolean;
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
  /** Shows a native folder dialog; resolves null when cancelled or unavailable. */
  pickFolder(): Promise<string | null>;
  /** Imports a folder (again) and remembers it, waiting for any import under way to finish. */
  importFolder(folder: string): Promise<ImportSummary>;
  listFolders(): Promise<LibraryFolder[]>;
  /** Forgets a library folder and takes its songs out of the library; the files stay on disk. */
  removeFolder(path: string): Promise<void>;
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
