/**
 * The session keys a `busker` command opens with the wallet passphrase, as `busker serve` does (its
 * secret is that passphrase): the same vault key reads the pinning tokens saved in the app, and
 * the same old publish key lets the command rewrap jobs the app saved before.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { VAULT_KEY_FILE_NAME } from '../../listen/vaultPassphrase';
import { sealedByKeychain, sealedByKeychainError } from '../../wallet/keychainSealed';
import { WALLET_PASSPHRASE_VARIABLE } from '../../wallet/walletVariables';
import type { SessionKeys } from '../sessionKeys';
import { deriveSessionKeys } from '../sessionKeys';

/**
 * Null without a passphrase, or when no app ever derived a vault key in this data folder (then it
 * saved nothing under one, and the command creates no vault of its own).
 */
export async function commandLineSessionKeys(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<SessionKeys | null> {
  const passphrase = env[WALLET_PASSPHRASE_VARIABLE];
  if (!passphrase) return null;
  // The desktop app's vault key comes from its keychain-sealed secret: no passphrase derives it.
  if (await sealedByKeychain(dataDir)) throw sealedByKeychainError();
  try {
    await access(join(dataDir, VAULT_KEY_FILE_NAME));
  } catch {
    return null;
  }
  return deriveSessionKeys(passphrase, dataDir);
}
