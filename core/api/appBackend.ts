import type { MarketOptions } from '../app/marketOptions';
import type { MediaHandler } from '../media/mediaHandler';
import type { MediaSource } from '../media/mediaSource';
import type { ContentStore } from '../storage/contentStore';
import type { AppApi, AppEventName, AppEvents } from './appApi';

/** One event pushed from the backend to whoever hosts it (IPC or the headless host's stream). */
export type AppEvent = { [E in AppEventName]: { name: E; payload: AppEvents[E] } }[AppEventName];
export type AppEventListener = (event: AppEvent) => void;

/** Everything a host needs: the API it serves, the media it streams, the events it forwards. */
export interface AppBackend {
  api: AppApi;
  media: MediaSource;
  /** The stream handler over `media` (and the content store, when there is one). */
  handleMedia: MediaHandler;
  onEvent(listener: AppEventListener): () => void;
  /** The multiaddrs other IPFS peers can dial to reach this backend's node ([] without the market). */
  peerAddresses(): Promise<string[]>;
  /**
   * Settles once the market's code has loaded (or failed to): with the host when a network is configured, else at
   * the first market call. Absent on a host without the market.
   */
  marketLoaded?: Promise<void>;
  /** Stops background work and waits for IPFS to close. */
  close(): Promise<void>;
}

export interface AppBackendOptions {
  /** Folder holding the library database (created when missing). */
  dataDir: string;
  host: 'electron' | 'headless';
  /** Native folder dialog, when the host has one. */
  pickFolder?: () => Promise<string | null>;
  /** The desktop app's save dialog and file manager (HostCapabilities.desktopShell). */
  desktopShell?: {
    pickSaveFile(suggestedName: string): Promise<string | null>;
    showItemInFolder(path: string): void;
    /** A system notification; both texts are plain text, never markup. */
    notify(title: string, body: string): void;
  };
  /** Where catalogue tracks' encrypted audio is read from; without one they are not playable. */
  contentStore?: ContentStore;
  /** The 32-byte key that wraps the key vault (from safeStorage, or derived from a passphrase). */
  vaultKey?: Uint8Array;
  /** Watch the library folders and import what changes in them (default false: one-shot commands). */
  watchFolders?: boolean;
  /** Told when a library folder cannot be watched or has gone (default: a warning on the console). */
  onWatchProblem?: (problem: { folder: string; message: string }) => void;
  /**
   * Turns on the paying half (wallet, network, publish, catalogue, unlock) for long-running hosts:
   * IPFS starts in the background and the catalogue syncs every few seconds. Without it those
   * methods answer MARKET_OFF.
   */
  market?: MarketOptions;
}
