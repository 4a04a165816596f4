import type { Database, Statement } from 'better-sqlite3';
import { envelopeContext } from '../../protocol/envelope';
import { keyMatchesCommitment } from '../../protocol/keyCommitment';
import { unwrapKey, WRAPPING_KEY_BYTES, wrapKey } from '../../protocol/keyWrap';
import type { OnChainTrack } from './onChainTrack';
import { normalizeOnChainTrack } from './onChainTrack';

/** The key that wraps every vault entry: from `safeStorage` in Electron, a passphrase headless. */
export const VAULT_KEY_BYTES = WRAPPING_KEY_BYTES;

export class VaultError extends Error {
  constructor(
    readonly code: 'KEY_MISMATCH' | 'VAULT_KEY_WRONG',
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/**
 * The listener's content keys, kept in the library database wrapped under the vault key so a
 * copied library file reveals none. Each entry's AAD is its track, so entries cannot be swapped.
 */
export class KeyVault {
  private readonly statements: {
    get: Statement<[number, string, number], Buffer>;
    put: Statement<[number, string, number, Buffer, number]>;
    replace: Statement<[Buffer, number, number, string, number, Buffer]>;
  };

  constructor(
    db: Database,
    private readonly vaultKey: Uint8Array,
  ) {
    if (vaultKey.length !== VAULT_KEY_BYTES)
      throw new RangeError(`The vault key is ${VAULT_KEY_BYTES} bytes`);
    this.statements = {
      get: db
        .prepare<[number, string, number], Buffer>(
          'SELECT wrapped_key FROM vault_keys WHERE chain_id = ? AND artist = ? AND chain_track_id = ?',
        )
        .pluck(),
      put: db.prepare<[number, string, number, Buffer, number]>(
        `INSERT INTO vault_keys (chain_id, artist, chain_track_id, wrapped_key, added_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      // Only the very row found unopenable: one another process has just stored stays.
      replace: db.prepare<[Buffer, number, number, string, number, Buffer]>(
        `UPDATE vault_keys SET wrapped_key = ?, added_at = ?
         WHERE chain_id = ? AND artist = ? AND chain_track_id = ? AND wrapped_key = ?`,
      ),
    };
  }

  /**
   * Keeps `contentKey` for `track` once it is proven to be the committed key. Storing a key the
   * vault already has changes nothing, so a retried unlock is harmless. An entry this vault key
   * cannot open (a library moved from another computer) is replaced; one that opens is kept.
   */
  put(track: OnChainTrack, contentKey: Uint8Array, commitment: Uint8Array): void {
    if (!keyMatchesCommitment(contentKey, commitment)) {
      throw new VaultError('KEY_MISMATCH', "This key does not match the track's on-chain commitment.");
    }
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    const wrapped = wrapKey(this.vaultKey, wrapPurpose(track), contentKey);
    const existing = this.statements.get.get(chainId, artist, trackId);
    if (existing === undefined) {
      this.statements.put.run(chainId, artist, trackId, wrapped, Date.now());
    } else if (!unwrapKey(this.vaultKey, wrapPurpose(track), existing)) {
      this.statements.replace.run(wrapped, Date.now(), chainId, artist, trackId, existing);
    }
  }

  /**
   * The content key for `track`, or null when the vault has none. An entry this vault key cannot
   * open throws VAULT_KEY_WRONG (`has` is false for it, and unlocking again replaces it).
   */
  get(track: OnChainTrack): Buffer | null {
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    const wrapped = this.statements.get.get(chainId, artist, trackId);
    if (!wrapped) return null;
    const contentKey = unwrapKey(this.vaultKey, wrapPurpose(track), wrapped);
    if (!contentKey) throw vaultKeyWrong();
    return contentKey;
  }

  /** Whether the vault holds a key for `track` that opens with this vault key. */
  has(track: OnChainTrack): boolean {
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    const wrapped = this.statements.get.get(chainId, artist, trackId);
    return wrapped !== undefined && unwrapKey(this.vaultKey, wrapPurpose(track), wrapped) !== null;
  }
}

function wrapPurpose(track: OnChainTrack): string {
  return `busker:vault:v1:${envelopeContext(track.chainId, track.artist, track.trackId)}`;
}

function vaultKeyWrong(): VaultError {
  return new VaultError(
    'VAULT_KEY_WRONG',
    'Busker cannot open its key vault with this key: the vault was locked on another machine or with another passphrase.',
  );
}
