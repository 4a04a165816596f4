/**
 * Where a command gets the vault key from the environment: the wallet's passphrase,
 * BUSKER_WALLET_PASSPHRASE, derives it as `busker serve` does, so both open one vault (the signer
 * comes from core/wallet/commandLineWallet.ts). BUSKER_VAULT_PASSPHRASE, its old name for
 * `busker unlock`, is still read first for one release.
 */
import { AppError } from '../errors';
import { OLD_VAULT_PASSPHRASE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from '../wallet/walletVariables';
import { deriveVaultKey } from './vaultPassphrase';

export async function vaultKeyFromEnvironment(env: NodeJS.ProcessEnv, dataDir: string): Promise<Buffer> {
  const passphrase = env[OLD_VAULT_PASSPHRASE_VARIABLE] || env[WALLET_PASSPHRASE_VARIABLE];
  if (!passphrase) {
    throw new AppError(
      'BAD_REQUEST',
      `Unlocked keys are kept in a vault locked with your wallet's passphrase: set ${WALLET_PASSPHRASE_VARIABLE}.`,
    );
  }
  return deriveVaultKey(passphrase, dataDir);
}

/** The line a command prints when the vault's passphrase still comes by its old name. */
export function oldVaultVariableNotice(env: NodeJS.ProcessEnv): string | null {
  return env[OLD_VAULT_PASSPHRASE_VARIABLE]
    ? `${OLD_VAULT_PASSPHRASE_VARIABLE} is read for this release only: set ${WALLET_PASSPHRASE_VARIABLE} ` +
        `(the wallet's passphrase, which opens the same vault in \`busker serve\`) instead.`
    : null;
}
