/**
 * The paying half of the app API contract: wallet, network, artist (publish, earnings) and
 * listener (catalogue, tip & unlock, offline). Amounts are wei as decimal strings: JSON and IPC
 * carry no bigint. Imported by the renderer for its types only.
 */

/** Where the app talks to the chain and the key server. */
export interface NetworkSettings {
  /**
   * 'local' reads the devnet's network file; 'custom' is a network the user joined or typed in;
   * 'none': neither exists yet (the app says "Not connected — join a network"; the fields are empty).
   */
  source: 'local' | 'custom' | 'none';
  /** The joined network's name (PROTOCOL §6); null for the local network, a typed one, or none. */
  name: string | null;
  /** How many seeds the joined network names; 0 otherwise. */
  seeds: number;
  rpcUrl: string;
  chainId: number;
  factory: string;
  keyServerUrl: string;
  /** Whether a pinning token is saved for this network (the token itself never leaves the host). */
  hasPinningToken?: boolean;
}

/**
 * Whether the parts of the network answer this host, checked every few seconds while a page
 * asks: 'none' is no network joined (a calm state, not an error); otherwise the first part that
 * does not answer, chain before key server. `message` is the sentence to show.
 */
export interface NetworkHealth {
  state: 'none' | 'connected' | 'chainDown' | 'keyServerDown';
  message: string;
}

/** The settings a user may enter for a custom network. */
export interface CustomNetworkInput {
  rpcUrl: string;
  factory: string;
  keyServerUrl: string;
}

export interface WalletState {
  /** 'none': no wallet yet; 'locked': a wallet exists but needs its passphrase this session. */
  status: 'none' | 'locked' | 'unlocked';
  address: string | null;
  /** Null while the chain cannot be reached (the message says so). */
  balanceWei: string | null;
  /** Null: no network at all yet ("Not connected — join a network"). */
  network: { chainId: number; name: string; reachable: boolean; message: string | null } | null;
  /** Anvil's funded accounts, offered on the local network only. */
  developmentAccounts: { index: number; address: string }[];
}

/** Creating or importing a wallet. In Electron the passphrase may be empty: safeStorage holds the secret. */
export type WalletSetup =
  | { kind: 'create'; passphrase: string }
  | { kind: 'mnemonic'; mnemonic: string; passphrase: string }
  | { kind: 'privateKey'; privateKey: string; passphrase: string }
  | { kind: 'developmentAccount'; index: number; passphrase: string };

export interface WalletCreated {
  address: string;
  /** Shown once, only when a new wallet was created: the user must write it down. */
  mnemonic: string | null;
}

export interface ArtistState {
  /** The artist's own contract, or null before becoming an artist. */
  contract: string | null;
  name: string | null;
  /** Tips not yet withdrawn. */
  balanceWei: string | null;
}

export type PublishStep =
  | 'queued'
  | 'encrypted'
  | 'audio-added'
  | 'metadata-added'
  | 'tx-recorded'
  | 'published'
  | 'key-deposited'
  | 'done'
  | 'failed';

export interface PublishJobSummary {
  id: string;
  fileName: string;
  title: string;
  priceWei: string;
  step: PublishStep;
  /** While encrypting and adding: bytes done of total; otherwise both 0. */
  bytesDone: number;
  bytesTotal: number;
  /** What is happening now, in the user's words ("Encrypting…", "Waiting for the key server…"). */
  message: string;
  /** The on-chain track id, once published. */
  chainTrackId: number | null;
  failureReason: string | null;
}

/** A file refused before any job was made (not audio, empty, unreadable…). */
export interface PublishRefusal {
  fileName: string;
  reason: string;
  /** Set when the same audio was published already: the file, to publish a second copy on purpose. */
  secondCopyPath?: string;
}

export interface PublishResult {
  jobs: PublishJobSummary[];
  refused: PublishRefusal[];
}

/** What the listener sees of a catalogue track beside its library row (same `id` as `TrackSummary`). */
export interface CatalogueTrackState {
  id: number;
  artistContract: string;
  chainTrackId: number;
  priceWei: string;
  unlocked: boolean;
  /** Kept on this computer through cache eviction ("Available offline"). */
  offline: boolean;
  retired: boolean;
}

/**
 * A catalogue track the app does not list, and why: its description (the metadata on IPFS) was
 * refused, or could not be fetched yet and is tried again.
 */
export interface NotListedTrack {
  artistContract: string;
  chainTrackId: number;
  /** The artist's name as registered on chain, cleaned to plain text; '' when unknown. */
  artistName: string;
  /** 'refused': Busker will not list it as published; 'retrying': Busker tries again later. */
  status: 'refused' | 'retrying';
  /** Why, in the user's words, as the end of a sentence about the track: "its title is not text". */
  reason: string;
}

export type UnlockStep = 'tipping' | 'tipSent' | 'confirming' | 'fetchingKey' | 'ready' | 'failed';

export interface UnlockProgress {
  /** The library id of the track. */
  id: number;
  step: UnlockStep;
  confirmations: { seen: number; needed: number };
  /** What is happening now, in the user's words. */
  message: string;
  failureReason: string | null;
  /** While fetching the key of a paid tip: why the last try got none (Busker asks again by itself). */
  waitingFor?: string;
}

/** What "Tip & unlock" would pay, for the listener to confirm before anything is sent. */
export interface TipQuote {
  id: number;
  priceWei: string;
  /** The artist's name as registered on chain; '' when unknown. */
  artistName: string;
  /** The artist contract the tip is paid to. */
  artistContract: string;
  /** The network fee, at most. */
  feeWei: string;
  balanceWei: string;
  walletAddress: string;
  /** The tip was paid already (its key is still to come): unlocking pays nothing more. */
  alreadyPaid: boolean;
}

/** Why a catalogue track could not be played, found once the audio engine failed on it. */
export interface PlaybackProblem {
  code: 'WALLET_LOCKED' | 'NOT_UNLOCKED' | 'CONTENT_UNREACHABLE';
  /** Whole sentences in the listener's words, saying what to do. */
  message: string;
}

export interface CacheState {
  usedBytes: number;
  limitBytes: number;
}

export interface TipRecord {
  chainTrackId: number;
  title: string;
  listener: string;
  amountWei: string;
  /** Block time, milliseconds since the epoch. */
  at: number;
  /** The tip's transaction. */
  txHash: string;
}

export interface Earnings {
  balanceWei: string;
  totalWei: string;
  tips: TipRecord[];
}

export interface MarketApi {
  networkSettings(): Promise<NetworkSettings>;
  /** Switches to a custom network (validated: the RPC answers and the factory has code), or back to local with null. */
  setNetwork(input: CustomNetworkInput | null): Promise<NetworkSettings>;
  /**
   * Joins the network whose key server answers at `address` (https://… or host:port): fetches
   * and checks its description (PROTOCOL §6), then makes it the network in use.
   */
  joinNetwork(address: string): Promise<NetworkSettings>;
  /** Saves (null: forgets) the token this network's seeds want for pinning; needs the wallet unlocked. */
  setPinningToken(token: string | null): Promise<NetworkSettings>;
  walletState(): Promise<WalletState>;
  /** Whether the chain and the key server answer now (each within a few seconds). */
  networkHealth(): Promise<NetworkHealth>;
  setUpWallet(setup: WalletSetup): Promise<WalletCreated>;
  unlockWallet(passphrase: string): Promise<WalletState>;
  artistState(): Promise<ArtistState>;
  becomeArtist(name: string): Promise<ArtistState>;
  /** Starts publishing local files at one price (in ether, as typed); progress arrives as events. */
  publishFiles(paths: string[], priceEth: string, again?: boolean): Promise<PublishResult>;
  listPublishJobs(): Promise<PublishJobSummary[]>;
  earnings(): Promise<Earnings>;
  /** Withdraws the whole balance to `to` (default: the wallet's own address). */
  withdraw(to: string | null): Promise<ArtistState>;
  /** Syncs the catalogue from the chain and IPFS now (the app also does so in the background). */
  syncCatalogue(): Promise<void>;
  catalogueStates(ids: number[]): Promise<CatalogueTrackState[]>;
  /** The catalogue tracks the latest sync left out, each with its reason. */
  notListedTracks(): Promise<NotListedTrack[]>;
  /** What unlocking the track would pay (price, artist, fee), to confirm before `unlockTrack`. */
  tipQuote(id: number): Promise<TipQuote>;
  /** Tips (when needed) and fetches the key; progress arrives as events; resolves when ready or failed. */
  unlockTrack(id: number): Promise<UnlockProgress>;
  setAvailableOffline(id: number, offline: boolean): Promise<CatalogueTrackState>;
  /** Why the track just failed to play, when the market knows (null: the file itself is at fault). */
  playbackProblem(id: number): Promise<PlaybackProblem | null>;
  cacheState(): Promise<CacheState>;
  setCacheLimit(bytes: number): Promise<CacheState>;
}

export interface MarketEvents {
  onDidPublishProgress: PublishJobSummary;
  onDidUnlockProgress: UnlockProgress;
  onDidChangeWallet: WalletState;
  onDidChangeCatalogue: { tracks: number };
}
