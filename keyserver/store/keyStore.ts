// What the key server keeps, behind one interface with two backends (SQLite by default, PostgreSQL
// for several instances). The store only ever sees sealed values: encryption at rest happens above
// it (keyVault.ts), so neither backend can leak a key it never held in the clear.

/** One track on one chain; `artist` is lower-case 0x-hex, `trackId` a decimal string (uint256). */
export interface TrackRef {
  chainId: number;
  artist: string;
  trackId: string;
}

/** The server's X25519 identity: the private key sealed under the master key, the public key in the clear. */
export interface StoredIdentity {
  sealedPrivateKey: Buffer;
  publicKey: Buffer;
}

/** A sealed row as `rewrapAll` hands it over: which secret it is (the AAD is derived from that). */
export type SealedRow = { kind: 'identity' } | { kind: 'contentKey'; track: TrackRef };

export interface KeyStore {
  /** `sqlite` or `postgres`, for logs and /v1/health. */
  readonly backend: 'sqlite' | 'postgres';

  /** The stored identity, or null on a fresh database. */
  loadIdentity(): Promise<StoredIdentity | null>;
  /**
   * Stores `identity` unless one exists already, and returns whichever is stored: two instances
   * starting at once on one database end up with the same identity.
   */
  saveIdentityIfAbsent(identity: StoredIdentity): Promise<StoredIdentity>;

  /** Inserts or replaces the sealed content key of a track. */
  putContentKey(track: TrackRef, sealedKey: Buffer, depositedAtMs: number): Promise<void>;
  getContentKey(track: TrackRef): Promise<Buffer | null>;
  countContentKeys(): Promise<number>;

  /**
   * Records that `signer` used `nonce`, kept until `expiresAt` (unix seconds). Atomic: of two
   * concurrent calls with the same pair, on any number of instances, exactly one returns true.
   */
  recordNonce(signer: string, nonce: string, expiresAt: number): Promise<boolean>;
  /** Forgets nonces whose deadline is before `before` (unix seconds); returns how many. */
  pruneNonces(before: number): Promise<number>;

  /**
   * Replaces every sealed value (identity and content keys) with `rewrap(value, row)`, all in one
   * transaction: if `rewrap` throws for any row, nothing changes. Returns the number of rows.
   */
  rewrapAll(rewrap: (sealed: Buffer, row: SealedRow) => Buffer): Promise<number>;

  /** The database answers (for /v1/health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class KeyStoreError extends Error {
  constructor(
    readonly code: 'SCHEMA_TOO_NEW' | 'STORE_UNAVAILABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KeyStoreError';
  }
}
