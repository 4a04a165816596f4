/**
 * The desktop app seals its own secret with the OS keychain (Electron's safeStorage) in this file
 * of the data folder; that secret, not a passphrase, unlocks the folder's wallet and derives its
 * vault key (so its saved pinning tokens too). A `busker` command cannot ask the keychain, so in
 * such a folder it says what to do instead of trying a passphrase that cannot be right.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { WalletError } from './walletError';
import { PRIVATE_KEY_FILE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from './walletVariables';

export const HOST_SECRET_FILE = 'host-secret.bin';

/** Whether the desktop app's keychain-sealed secret guards this data folder. */
export async function sealedByKeychain(dataDir: string): Promise<boolean> {
  return access(join(dataDir, HOST_SECRET_FILE)).then(
    () => true,
    () => false,
  );
}

/** What a command says when it would open such a folder with the wallet passphrase. */
export function sealedByKeychainError(): WalletError {
  return new WalletError(
    'SEALED_BY_KEYCHAIN',
    "This data folder is the desktop app's: its wallet and vault (with any saved pinning token) are sealed by " +
      `this computer's keychain, which the busker command cannot open, so no ${WALLET_PASSPHRASE_VARIABLE} ` +
      'unlocks them. Do this in the desktop app instead, or give the command a data folder of its own: ' +
      '`busker wallet import --mnemonic-file <file> --data <folder>` with your recovery phrase, then run the ' +
      'command with `--data <folder>` (to publish, save the pinning token there in `busker serve --data <folder>`, ' +
      `Settings). With ${PRIVATE_KEY_FILE_VARIABLE} naming a file that holds your 0x private key (and ` +
      `${WALLET_PASSPHRASE_VARIABLE} unset), the command signs in this folder, without its vault.`,
  );
}
