// The store seen through the master key: content keys and the server's identity go in sealed and
// come out in the clear, only in memory, only when needed.
import { envelopeContext, generateX25519KeyPair, x25519PublicKey } from '../protocol/envelope';
import type { X25519KeyPair } from '../protocol/envelope';
import type { MasterKey } from './masterKey';
import { MasterKeyError } from './masterKey';
import type { KeyStore, SealedRow, TrackRef } from './store/keyStore';

const identityAad = 'busker-keyserver:identity:v1';

/** The AAD a sealed row is bound to: `chainId:artist:trackId` for a content key. */
export function sealedRowAad(row: SealedRow): string {
  if (row.kind === 'identity') return identityAad;
  return envelopeContext(row.track.chainId, row.track.artist, BigInt(row.track.trackId));
}

export class KeyVault {
  private constructor(
    readonly store: KeyStore,
    private readonly masterKey: MasterKey,
    /** The server's X25519 key pair; artists seal deposits to its public key. */
    readonly identity: X25519KeyPair,
  ) {}

  /**
   * Loads the server's identity from `store`, creating and storing one on a fresh database.
   * Throws `MasterKeyError` (MASTER_KEY_MISMATCH) when the database was sealed under another key.
   */
  static async open(store: KeyStore, masterKey: MasterKey): Promise<KeyVault> {
    let stored = await store.loadIdentity();
    if (!stored) {
      const fresh = generateX25519KeyPair();
      stored = await store.saveIdentityIfAbsent({
        sealedPrivateKey: masterKey.seal(fresh.privateKey, identityAad),
        publicKey: fresh.publicKey,
      });
    }
    const privateKey = masterKey.open(stored.sealedPrivateKey, identityAad);
    const publicKey = x25519PublicKey(privateKey);
    if (!publicKey.equals(stored.publicKey)) {
      throw new MasterKeyError(
        'SEALED_VALUE_CORRUPT',
        "The stored server identity's public key does not match its private key.",
      );
    }
    return new KeyVault(store, masterKey, { privateKey, publicKey });
  }

  async putContentKey(track: TrackRef, contentKey: Uint8Array): Promise<void> {
    const sealed = this.masterKey.seal(contentKey, sealedRowAad({ kind: 'contentKey', track }));
    await this.store.putContentKey(track, sealed, Date.now());
  }

  /** The track's content key in the clear, or null if none was deposited. */
  async getContentKey(track: TrackRef): Promise<Buffer | null> {
    const sealed = await this.store.getContentKey(track);
    return sealed ? this.masterKey.open(sealed, sealedRowAad({ kind: 'contentKey', track })) : null;
  }
}

/**
 * Re-encrypts every sealed row from `oldKey` to `newKey` in one transaction. Stop every instance
 * first: one still running with the old key could not open rows written under the new one.
 */
export async function rotateMasterKey(
  store: KeyStore,
  oldKey: MasterKey,
  newKey: MasterKey,
): Promise<number> {
  return store.rewrapAll((sealed, row) => {
    const aad = sealedRowAad(row);
    return newKey.seal(oldKey.open(sealed, aad), aad);
  });
}
