/** What a host gives the app's backend when it opens it (`openBackend`). */
import type { ContentStore } from '../storage/contentStore';
import type { MarketOptions } from './marketOptions';

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
  /**
   * With `watchFolders`: the walk that watches the folders below each library folder starts once
   * this settles (the host's URL or window is out), so the host does not wait for it. A change
   * made meanwhile is still imported. Default: at once, in the background.
   */
  watchAfter?: Promise<unknown>;
  /** Told when a library folder cannot be watched or has gone (default: a warning on the console). */
  onWatchProblem?: (problem: { folder: string; message: string }) => void;
  /**
   * Turns on the paying half (wallet, network, publish, catalogue, unlock) for long-running hosts:
   * IPFS starts in the background and the catalogue syncs every few seconds. Without it those
   * methods answer MARKET_OFF.
   */
  market?: MarketOptions;
}
