/**
 * Where a command gets the vault key from the environment: the passphrase BUSKER_VAULT_PASSPHRASE
 * (the signer comes from core/wallet/commandLineWallet.ts).
 */
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
