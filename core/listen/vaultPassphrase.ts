/**
 * The headless host's vault key: scrypt over the listener's passphrase with a random salt kept
 * in the data folder (`vault-key.json`, which holds no secret). Electron wraps the vault key
 * with safeStorage instead. A wrong passphrase gives a different key, which the vault refuses
 * (`VAULT_KEY_WRONG`) the first time it opens a stored key.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { VAULT_KEY_BYTES } from '../unlock/keyVault';
import { WALLET_PASSPHRASE_VARIABLE } from '../wallet/walletVariables';

export const VAULT_KEY_FILE_NAME = 'vault-key.json';

/** scrypt cost: N = 2^17, r = 8 (about 128 MiB and a few hundred ms, as ethers' keystores). */
export const DEFAULT_VAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

const paramsSchema = z.strictObject({
  version: z.literal(1),
  salt: z.string().regex(/^[A-Za-z0-9_-]{22,86}$/),
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, { error: 'N must be a power of two' }),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
type VaultKeyParams = z.infer<typeof paramsSchema>;

/**
 * Derives the 32-byte vault key from `passphrase`. The first call in a data folder creates its
 * salt (with `cost`); later calls read it, so the same passphrase always gives the same key there.
 */
export async function deriveVaultKey(
  passphrase: string,
  dataDir: string,
  cost: { N: number; r: number; p: number } = DEFAULT_VAULT_SCRYPT,
): Promise<Buffer> {
  if (passphrase.length === 0) {
    throw new AppError(
      'BAD_REQUEST',
      `The vault passphrase is empty. Set ${WALLET_PASSPHRASE_VARIABLE} to your wallet's passphrase.`,
    );
  }
  const params = await readOrCreateParams(dataDir, cost);
  const salt = Buffer.from(params.salt, 'base64url');
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      VAULT_KEY_BYTES,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

async function readOrCreateParams(
  dataDir: string,
  cost: { N: number; r: number; p: number },
): Promise<VaultKeyParams> {
  const file = join(dataDir, VAULT_KEY_FILE_NAME);
  const fresh: VaultKeyParams = { version: 1, salt: randomBytes(16).toString('base64url'), ...cost };
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once cannot both write a salt; the loser reads the winner's.
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(fresh)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    data = undefined;
  }
  const parsed = paramsSchema.safeParse(data);
  if (!parsed.success) {
    throw new AppError(
      'BAD_REQUEST',
      `${file} is damaged, so the vault key cannot be derived. Restore it from a backup; without it the keys in this library's vault cannot be opened.`,
    );
  }
  return parsed.data;
}
