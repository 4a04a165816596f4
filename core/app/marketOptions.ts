import type { RetryPolicy } from '../listen/unlockJob';

/** The host's own secret, read (or made) on first call. */
export interface HostSecret {
  (): Promise<string>;
  /**
   * For a data folder moved from another computer, whose stored secret this computer's keychain
   * cannot open (so neither its wallet): makes a fresh secret, hands it to `use` (which writes the
   * imported wallet under it), then keeps it in place of the unreadable one and returns it. Rejects
   * without calling `use` when the keychain is unavailable or the stored secret opens after all.
   */
  replaceUnreadable?: (use: (fresh: string) => Promise<void>) => Promise<string>;
  /** Whether the keychain is available but cannot open the stored secret (a moved data folder). */
  unreadable?: () => Promise<boolean>;
}

/** What a long-running host (Electron, `busker serve`) turns on to get the paying half of the API. */
export interface MarketOptions {
  /** The devnet's network file, used for the 'local' network (default: `defaultNetworkFilePath(dataDir)`). */
  networkFile?: string;
  /**
   * The host's own secret (Electron: a random value kept by safeStorage). When given it protects
   * the wallet and the vault and the user's passphrase is not needed; the wallet unlocks at start.
   */
  hostSecret?: HostSecret;
  /** IPFS peers (multiaddrs) to dial at start and keep dialing until reached, e.g. an artist's node. */
  peers?: string[];
  /** Multiaddrs the embedded IPFS node listens on (default: loopback, a free port). */
  listen?: string[];
  /** A Kubo node's RPC API to use instead of the embedded IPFS node (default: $BUSKER_IPFS_API). */
  ipfsApi?: string;
  /** How often the catalogue is synced in the background (default 5 s; 0 turns the loop off). */
  syncIntervalMs?: number;
  /** For tests: cheaper scrypt for the wallet keystore and the vault key. */
  walletScryptN?: number;
  vaultScrypt?: { N: number; r: number; p: number };
  /** For tests: retry backoff of unlock jobs and of publish jobs waiting on the key server or chain. */
  unlockRetry?: RetryPolicy;
  /** Told once per distinct background problem, in words (default: a console warning). */
  onProblem?: (message: string) => void;
  /**
   * The market (its code, the IPFS node, the catalogue sync) starts once this settles, so that the
   * host shows the library first (`busker serve`: once its URL is printed). Default: at once. Its
   * calls wait for the start; closing the backend before it settles starts nothing.
   */
  startAfter?: Promise<unknown>;
}
