// The environment variables that give a `busker` command its signer (commandLineWallet.ts). Apart
// from it, so that a command's help can name them without loading ethers.
export const PRIVATE_KEY_FILE_VARIABLE = 'BUSKER_PRIVATE_KEY_FILE';
export const WALLET_PASSPHRASE_VARIABLE = 'BUSKER_WALLET_PASSPHRASE';
/**
 * What `busker unlock` read for its vault's passphrase until the wallet's passphrase opened both
 * (as in `busker serve`). Still read, first, for one release, so a vault made with it still opens.
 */
export const OLD_VAULT_PASSPHRASE_VARIABLE = 'BUSKER_VAULT_PASSPHRASE';
