/**
 * The app's own secret, kept by Electron's safeStorage (the OS keychain): 32 random bytes, made
 * on first use and stored encrypted in `host-secret.bin` in the data folder. It unlocks the
 * wallet and derives the vault and publish keys (core/app/sessionKeys.ts), so the user need not
 * type a passphrase. Losing the keychain entry loses this secret: the wallet's recovery phrase
 * (shown once) restores the account.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { AppError } from '../core/errors';

export const HOST_SECRET_FILE = 'host-secret.bin';

export type SecretKeeper = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

/** A provider of the secret, read (or made) once and then kept in memory for the session. */
export function createHostSecretProvider(keeper: SecretKeeper, dataDir: string): () => Promise<string> {
  let secret: Promise<string> | null = null;
  return () => {
    secret ??= readOrCreate(keeper, dataDir).catch((error: unknown) => {
      secret = null;
      throw error;
    });
    return secret;
  };
}

async function readOrCreate(keeper: SecretKeeper, dataDir: string): Promise<string> {
  if (!keeper.isEncryptionAvailable()) {
    throw new AppError(
      'UNAVAILABLE',
      "This computer's secure storage (the keychain) is not available, so Busker cannot keep your wallet's secret. " +
        'Unlock the keychain (or install one) and start Busker again.',
    );
  }
  const file = join(dataDir, HOST_SECRET_FILE);
  let stored: Buffer | null = null;
  try {
    stored = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored) return decrypt(keeper, stored, file);
  const fresh = randomBytes(32).toString('hex');
  await mkdir(dataDir, { recursive: true });
  // Written whole to a private temporary file, then linked into place: link() never replaces a
  // file, so of two starts at once exactly one secret wins, and the loser reads it complete.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(keeper.encryptString(fresh));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return decrypt(keeper, await readFile(file), file);
  } finally {
    await rm(temporary, { force: true });
  }
}

function decrypt(keeper: SecretKeeper, stored: Buffer, file: string): string {
  try {
    const secret = keeper.decryptString(stored);
    if (/^[0-9a-f]{64}$/.test(secret)) return secret;
  } catch {
    // Reported below in the user's words.
  }
  throw new AppError(
    'UNAVAILABLE',
    `The keychain cannot open Busker's secret (${file}). If you moved to another computer or user, ` +
      'import your wallet again from its recovery phrase.',
  );
}
