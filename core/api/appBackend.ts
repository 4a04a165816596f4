import type { MediaHandler } from '../media/mediaHandler';
import type { MediaSource } from '../media/mediaSource';
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
