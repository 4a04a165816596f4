import type { AppApi, AppEventName, AppEvents } from './appApi';

/** One event pushed from the backend to whoever hosts it (IPC or the headless host's stream). */
export type AppEvent = { [E in AppEventName]: { name: E; payload: AppEvents[E] } }[AppEventName];
export type AppEventListener = (event: AppEvent) => void;

/** A file on disk the stream handler may serve, found by id only. */
export interface MediaFile {
  path: string;
  mime: string;
  size: number;
}

export interface CoverImage {
  data: Uint8Array;
  mime: string;
}

/** How the stream handler turns an id from a URL into bytes: ids only, never paths. */
export interface MediaSource {
  trackFile(id: number): MediaFile | null;
  coverImage(id: number): CoverImage | null;
}

/** Everything a host needs: the API it serves, the media it streams, the events it forwards. */
export interface AppBackend {
  api: AppApi;
  media: MediaSource;
  onEvent(listener: AppEventListener): () => void;
  close(): void;
}

export interface AppBackendOptions {
  /** Folder holding the library database (created when missing). */
  dataDir: string;
  host: 'electron' | 'headless';
  /** Native folder dialog, when the host has one. */
  pickFolder?: () => Promise<string | null>;
  /** Watch the library folders and import what changes in them (default false: one-shot commands). */
  watchFolders?: boolean;
  /** Told when a library folder cannot be watched or has gone (default: a warning on the console). */
  onWatchProblem?: (problem: { folder: string; message: string }) => void;
}
