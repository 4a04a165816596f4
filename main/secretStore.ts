/**
 * The app's own secret, kept by Electron's safeStorage (the OS keychain): 32 random bytes, made
 * on first use and stored encrypted in `host-secret.bin` in the data folder. It unlocks the
 * wallet and derives the vault and publish keys (core/app/sessionKeys.ts), so the user need not
 * type a passphrase. Losing the keychain entry (or moving the data folder to another computer)
 * loses this secret: importing the wallet from its recovery phrase (shown once) or private key
 * then replaces the secret and the wallet, and the account is restored.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { HostSecret } from '../core/app/marketOptions';
import { AppError } from '../core/errors';
import { HOST_SECRET_FILE } from '../core/wallet/keychainSealed';

export { HOST_SECRET_FILE };

export type SecretKeeper = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

/**
 * A provider of the secret, read (or made) once and then kept in memory for the session. Its
 * `replaceUnreadable` serves a data folder moved from another computer (core/app/marketOptions.ts).
 */
export function createHostSecretProvider(
  keeper: SecretKeeper,
  dataDir: string,
): HostSecret & Required<Pick<HostSecret, 'replaceUnreadable' | 'unreadable'>> {
  let secret: Promise<string> | null = null;
  const provide = () => {
    secret ??= readOrCreate(keeper, dataDir).catch((error: unknown) => {
      secret = null;
      throw error;
    });
    return secret;
  };
  const unreadable = async (): Promise<boolean> => {
    if (!keeper.isEncryptionAvailable()) return false;
    const stored = await readFile(join(dataDir, HOST_SECRET_FILE)).catch(() => null);
    return stored !== null && opened(keeper, stored) === null;
  };
  const replaceUnreadable = async (use: (fresh: string) => Promise<void>): Promise<string> => {
    assertAvailable(keeper);
    const file = join(dataDir, HOST_SECRET_FILE);
    const stored = await readFile(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
    if (stored && opened(keeper, stored) !== null) {
      throw new AppError(
        'BAD_REQUEST',
        "The keychain opens Busker's secret on this computer after all, so nothing was replaced. Start Busker again.",
      );
    }
    const fresh = newSecret();
    await use(fresh);
    // Written whole to a private temporary file, then renamed over the one this keychain cannot open.
    await mkdir(dataDir, { recursive: true });
    const temporary = await writeTemporary(keeper, file, fresh);
    try {
      await rename(temporary, file);
    } finally {
      await rm(temporary, { force: true });
    }
    secret = Promise.resolve(fresh);
    return fresh;
  };
  return Object.assign(provide, { replaceUnreadable, unreadable });
}

function assertAvailable(keeper: SecretKeeper): void {
  if (!keeper.isEncryptionAvailable()) {
    throw new AppError(
      'UNAVAILABLE',
      "This computer's secure storage (the keychain) is not available, so Busker cannot keep your wallet's secret. " +
        'Unlock the keychain (or install one) and start Busker again.',
    );
  }
}

function newSecret(): string {
  return randomBytes(32).toString('hex');
}

async function writeTemporary(keeper: SecretKeeper, file: string, secret: string): Promise<string> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(keeper.encryptString(secret));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

async function readOrCreate(keeper: SecretKeeper, dataDir: string): Promise<string> {
  assertAvailable(keeper);
  const file = join(dataDir, HOST_SECRET_FILE);
  let stored: Buffer | null = null;
  try {
    stored = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored) return decrypt(keeper, stored, file);
  const fresh = newSecret();
  await mkdir(dataDir, { recursive: true });
  // Written whole to a private temporary file, then linked into place: link() never replaces a
  // file, so of two starts at once exactly one secret wins, and the loser reads it complete.
  const temporary = await writeTemporary(keeper, file, fresh);
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

/** The stored secret, or null when this keychain cannot open it. */
function opened(keeper: SecretKeeper, stored: Buffer): string | null {
  try {
    const secret = keeper.decryptString(stored);
    if (/^[0-9a-f]{64}$/.test(secret)) return secret;
  } catch {
    // Not this keychain's.
  }
  return null;
}

function decrypt(keeper: SecretKeeper, stored: Buffer, file: string): string {
  const secret = opened(keeper, stored);
  if (secret !== null) return secret;
  throw new AppError(
    'UNAVAILABLE',
    `The keychain cannot open Busker's secret (${file}). If you moved to another computer or user, ` +
      'import your wallet again from its recovery phrase (or private key): Busker then replaces the wallet ' +
      'it cannot open here with the imported one.',
  );
}
