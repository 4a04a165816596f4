/**
 * The keys one secret opens for a session. The secret (the headless user's passphrase, or the
 * random secret Electron keeps with safeStorage) decrypts the wallet keystore, and one scrypt
 * derivation of it (`deriveVaultKey`, salt in `vault-key.json`) gives the vault key. Publish jobs
 * used to be wrapped under an HKDF of the vault key (`legacyPublishWrappingKey`); they are now
 * wrapped under the wallet's (`wrappingKeyFromWallet`, as the CLI does), and jobs saved the old
 * way are rewrapped when the artist's publisher opens.
 */
import { hkdfSync } from 'node:crypto';
import { deriveVaultKey } from '../listen/vaultPassphrase';

export interface SessionKeys {
  vaultKey: Buffer;
  legacyPublishWrappingKey: Buffer;
}

export async function deriveSessionKeys(
  secret: string,
  dataDir: string,
  cost?: { N: number; r: number; p: number },
): Promise<SessionKeys> {
  const vaultKey = await deriveVaultKey(secret, dataDir, cost);
  const legacyPublishWrappingKey = Buffer.from(
    hkdfSync('sha256', vaultKey, Buffer.alloc(0), 'busker:publish-wrap:v2', 32),
  );
  return { vaultKey, legacyPublishWrappingKey };
}
