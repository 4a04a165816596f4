// The signer for a `busker` command: the data folder's wallet, unlocked with the passphrase from
// BUSKER_WALLET_PASSPHRASE, or — for scripts that keep a key elsewhere — the private-key file
// BUSKER_PRIVATE_KEY_FILE names, which takes precedence.
import { readFile } from 'node:fs/promises';
import type { Wallet } from 'ethers';
import { Wallet as EthersWallet } from 'ethers';
import { sealedByKeychain, sealedByKeychainError } from './keychainSealed';
import { WalletError } from './walletError';
import { parsePrivateKey } from './walletSecrets';
import { WalletStore } from './walletStore';
import { PRIVATE_KEY_FILE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from './walletVariables';

export { PRIVATE_KEY_FILE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from './walletVariables';

export async function commandLineWallet(env: NodeJS.ProcessEnv, dataDir: string): Promise<Wallet> {
  const keyFile = env[PRIVATE_KEY_FILE_VARIABLE];
  if (keyFile) return walletFromKeyFile(keyFile);
  const store = new WalletStore(dataDir);
  if (!(await store.exists())) {
    throw new WalletError(
      'NO_WALLET',
      `No wallet to sign with. Run \`busker wallet create\` (or \`busker wallet import\`), or set ${PRIVATE_KEY_FILE_VARIABLE} to a file holding a 0x private key.`,
    );
  }
  if (await sealedByKeychain(dataDir)) throw sealedByKeychainError();
  const passphrase = env[WALLET_PASSPHRASE_VARIABLE];
  if (!passphrase) {
    throw new WalletError(
      'EMPTY_PASSPHRASE',
      `Your wallet is locked: set ${WALLET_PASSPHRASE_VARIABLE} to its passphrase for this command.`,
    );
  }
  return store.unlock(passphrase);
}

async function walletFromKeyFile(file: string): Promise<Wallet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new WalletError(
      'BAD_PRIVATE_KEY',
      `Busker cannot read the private key file ${file} (${PRIVATE_KEY_FILE_VARIABLE}). Check the path and its permissions.`,
    );
  }
  return new EthersWallet(parsePrivateKey(text.trim()));
}
