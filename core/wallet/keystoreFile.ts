// Writing the keystore file: all or nothing, readable by its owner only, and never over an
// existing wallet by accident.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WalletError } from './walletError';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Filesystems without hard links (some network and FAT mounts) answer these. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

export function walletExistsError(file: string): WalletError {
  return new WalletError(
    'WALLET_EXISTS',
    `There is already a wallet at ${file}. Replacing it loses access to its funds unless its recovery ` +
      'phrase or private key is written down; to replace it anyway, ask for it explicitly (--replace).',
  );
}

/**
 * Writes `text` to `file` atomically with mode 0600: a temporary file beside it is written,
 * synced and then moved into place. Without `replace`, the move is a hard link, which fails if
 * `file` exists, so two writers racing cannot both win.
 */
export async function writeKeystoreFile(file: string, text: string, replace: boolean): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (replace) {
      await rename(temporary, file);
    } else {
      await moveWithoutReplacing(temporary, file);
    }
  } catch (error) {
    await rm(temporary, { force: true });
    if (errorCode(error) === 'EEXIST') throw walletExistsError(file);
    throw error;
  }
  await syncFolder(folder);
}

async function moveWithoutReplacing(temporary: string, file: string): Promise<void> {
  try {
    await link(temporary, file);
  } catch (error) {
    if (!noHardLinks.has(errorCode(error) ?? '')) throw error;
    // No hard links here: check, then rename (a narrow race, on filesystems that leave no choice).
    const existing = await stat(file).catch(() => undefined);
    if (existing) throw walletExistsError(file);
    await rename(temporary, file);
    return;
  }
  await rm(temporary, { force: true });
}

/** Makes the rename itself durable; not every platform can open a folder, and that is fine. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory; its renames are durable once the file was synced.
  }
}
