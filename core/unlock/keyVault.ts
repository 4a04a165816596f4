import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { envelopeContext } from '../crypto/envelope';
import { CONTENT_KEY_BYTES, keyMatchesCommitment } from '../crypto/keyCommitment';
import type { OnChainTrack } from './onChainTrack';
import { normalizeOnChainTrack } from './onChainTrack';

/** The key that wraps every vault entry: from `safeStorage` in Electron, a passphrase headless. */
export const VAULT_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

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
    };
  }

  /**
   * Keeps `contentKey` for `track` once it is proven to be the committed key. Storing a key the
   * vault already has changes nothing, so a retried unlock is harmless.
   */
  put(track: OnChainTrack, contentKey: Uint8Array, commitment: Uint8Array): void {
    if (!keyMatchesCommitment(contentKey, commitment)) {
      throw new VaultError('KEY_MISMATCH', "This key does not match the track's on-chain commitment.");
    }
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.vaultKey, nonce);
    cipher.setAAD(wrapContext(track));
    const wrapped = Buffer.concat([nonce, cipher.update(contentKey), cipher.final(), cipher.getAuthTag()]);
    this.statements.put.run(chainId, artist, trackId, wrapped, Date.now());
  }

  /** The content key for `track`, or null when the vault has none. */
  get(track: OnChainTrack): Buffer | null {
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    const wrapped = this.statements.get.get(chainId, artist, trackId);
    if (!wrapped) return null;
    if (wrapped.length !== NONCE_BYTES + CONTENT_KEY_BYTES + TAG_BYTES) throw vaultKeyWrong();
    const decipher = createDecipheriv('aes-256-gcm', this.vaultKey, wrapped.subarray(0, NONCE_BYTES));
    decipher.setAAD(wrapContext(track));
    decipher.setAuthTag(wrapped.subarray(NONCE_BYTES + CONTENT_KEY_BYTES));
    try {
      return Buffer.concat([
        decipher.update(wrapped.subarray(NONCE_BYTES, NONCE_BYTES + CONTENT_KEY_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw vaultKeyWrong();
    }
  }

  has(track: OnChainTrack): boolean {
    const { chainId, artist, trackId } = normalizeOnChainTrack(track);
    return this.statements.get.get(chainId, artist, trackId) !== undefined;
  }
}

function wrapContext(track: OnChainTrack): Buffer {
  return Buffer.from(
    `busker:vault:v1:${envelopeContext(track.chainId, track.artist, track.trackId)}`,
    'utf8',
  );
}

function vaultKeyWrong(): VaultError {
  return new VaultError(
    'VAULT_KEY_WRONG',
    'Busker cannot open its key vault with this key: the vault was locked on another machine or with another passphrase.',
  );
}
