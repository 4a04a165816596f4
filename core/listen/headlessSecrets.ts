/**
 * Where the headless host (CLI, test host) gets the listener's secrets from the environment:
 * the vault passphrase (BUSKER_VAULT_PASSPHRASE) and, until the wallet store is wired in, the
 * listener's key (BUSKER_PRIVATE_KEY_FILE, a file holding one 0x private key).
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import { deriveVaultKey } from './vaultPassphrase';

export async function vaultKeyFromEnvironment(env: NodeJS.ProcessEnv, dataDir: string): Promise<Buffer> {
  const passphrase = env.BUSKER_VAULT_PASSPHRASE;
  if (passphrase === undefined || passphrase === '') {
    throw new AppError(
      'BAD_REQUEST',
      'Unlocked keys are kept in a vault locked with a passphrase: set BUSKER_VAULT_PASSPHRASE.',
    );
  }
  return deriveVaultKey(passphrase, dataDir);
}

/**
 * The listener's private key, from the file BUSKER_PRIVATE_KEY_FILE names.
 * TODO(wallet): prefer the wallet store (core/wallet/walletStore.ts, `wallet.json` in the data
 * folder, unlocked with the passphrase) once it lands; this file stays as the override.
 */
export async function privateKeyFromEnvironment(env: NodeJS.ProcessEnv): Promise<string> {
  const file = env.BUSKER_PRIVATE_KEY_FILE;
  if (!file) {
    throw new AppError(
      'BAD_REQUEST',
      'Unlocking tips from your wallet: set BUSKER_PRIVATE_KEY_FILE to a file holding its 0x private key.',
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `Cannot read the private key file ${file} (BUSKER_PRIVATE_KEY_FILE).`);
  }
  const key = text.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new AppError(
      'BAD_REQUEST',
      `The private key file ${file} must hold one private key: 0x followed by 64 hex digits.`,
    );
  }
  return key;
}
