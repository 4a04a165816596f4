/**
 * Pinning tokens, one per network, kept like the app's other secrets: sealed (AES-256-GCM) under a
 * key derived from the session's vault key, in `pinning-tokens.json`, readable only once the
 * wallet is unlocked. A token is sent to its network's seeds only, and never back to the page.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../../base/atomicFileWrite';
import { pinningTokenSchema } from '../api/appApiSchemas';
import { AppError } from '../errors';

export const PINNING_TOKENS_FILE = 'pinning-tokens.json';

const sealedSchema = z.strictObject({
  nonce: z.base64().max(64),
  sealed: z.base64().max(4096),
});
const fileSchema = z.record(z.string().max(200), sealedSchema);
type TokenFile = z.infer<typeof fileSchema>;

/** A network is its chain and factory: the same seeds, whichever way it was chosen. */
export function pinningNetworkKey(network: { chainId: number; factory: string }): string {
  return `${network.chainId}:${network.factory.toLowerCase()}`;
}

function sealingKey(vaultKey: Buffer, networkKey: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', vaultKey, Buffer.alloc(0), `busker:pinning-token:v1:${networkKey}`, 32),
  );
}

async function readTokens(dataDir: string): Promise<TokenFile> {
  try {
    const parsed = fileSchema.safeParse(
      JSON.parse(await readFile(join(dataDir, PINNING_TOKENS_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function hasPinningToken(dataDir: string, networkKey: string): Promise<boolean> {
  return Object.hasOwn(await readTokens(dataDir), networkKey);
}

/** The network's token, or undefined without one (or one sealed under another vault key). */
export async function readPinningToken(
  dataDir: string,
  vaultKey: Buffer,
  networkKey: string,
): Promise<string | undefined> {
  const entry = (await readTokens(dataDir))[networkKey];
  if (!entry) return undefined;
  try {
    const sealed = Buffer.from(entry.sealed, 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      sealingKey(vaultKey, networkKey),
      Buffer.from(entry.nonce, 'base64'),
    );
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Saves (or, with null, forgets) the network's token. */
export async function savePinningToken(
  dataDir: string,
  vaultKey: Buffer,
  networkKey: string,
  token: string | null,
): Promise<void> {
  const tokens = await readTokens(dataDir);
  if (token === null) {
    delete tokens[networkKey];
  } else {
    const parsed = pinningTokenSchema.safeParse(token);
    if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues[0]!.message);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sealingKey(vaultKey, networkKey), nonce);
    const sealed = Buffer.concat([cipher.update(parsed.data, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    tokens[networkKey] = { nonce: nonce.toString('base64'), sealed: sealed.toString('base64') };
  }
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomically(
    join(dataDir, PINNING_TOKENS_FILE),
    [Buffer.from(`${JSON.stringify(tokens, null, 2)}\n`)],
    {
      mode: 0o600,
    },
  );
}
