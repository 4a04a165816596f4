// The network file: where a Busker chain lives (RPC URL, chain id, factory), written by the devnet
// (or by hand for a public network) and read by the app, the CLI and the key server.
//
// Default location: `$BUSKER_NETWORK_FILE` if set, else `network.json` in Busker's data folder
// (core/app/dataDir), so the devnet, the app, the CLI and the key server find each other from any
// working directory with no flags.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { getAddress, isAddress } from 'ethers';
import { z } from 'zod';
import { defaultDataDir } from '../base/dataDir';

const httpUrl = z.url({ protocol: /^(https?|wss?)$/, error: 'must be an http(s) or ws(s) URL' });

export const networkFileSchema = z.object({
  chainId: z.number().int().positive(),
  rpcUrl: httpUrl,
  factory: z
    .string()
    .refine((value) => isAddress(value), { error: 'must be a 0x-prefixed 20-byte address' })
    .transform((value) => getAddress(value)),
  keyServer: httpUrl.optional(),
  /** The block that deployed the factory: catalogue sync starts there instead of at block 0. */
  factoryBlock: z.number().int().nonnegative().optional(),
});

export type NetworkFile = z.infer<typeof networkFileSchema>;

export type NetworkFileErrorCode = 'NETWORK_FILE_MISSING' | 'NETWORK_FILE_INVALID';

export class NetworkFileError extends Error {
  constructor(
    readonly code: NetworkFileErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkFileError';
  }
}

/** `$BUSKER_NETWORK_FILE`, else `network.json` in `dataDir` (Busker's data folder by default). */
export function defaultNetworkFilePath(dataDir: string = defaultDataDir()): string {
  const fromEnv = process.env.BUSKER_NETWORK_FILE;
  if (fromEnv) return resolve(fromEnv);
  return join(resolve(dataDir), 'network.json');
}

/** Reads and validates a network file; the error names the file and the first bad field. */
export async function readNetworkFile(file: string): Promise<NetworkFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NetworkFileError(
        'NETWORK_FILE_MISSING',
        file,
        `No network file at ${file}. Start a local network with \`npm run devnet\`, or point --network at a network file.`,
      );
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NetworkFileError(
      'NETWORK_FILE_INVALID',
      file,
      `The network file ${file} is not valid JSON (${(error as Error).message}). Fix it or write it again with \`npm run devnet\`.`,
    );
  }
  return parseNetworkFile(json, file);
}

/** Validates untrusted network-file content; `file` only names the source in the error. */
export function parseNetworkFile(data: unknown, file: string): NetworkFile {
  const result = networkFileSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'its top level';
  throw new NetworkFileError(
    'NETWORK_FILE_INVALID',
    file,
    `The network file ${file} is malformed: ${where} ${issue?.message ?? 'is invalid'}. ` +
      'Expected { "chainId": number, "rpcUrl": "http://…", "factory": "0x…", "keyServer"?: "http://…", ' +
      '"factoryBlock"?: number }.',
  );
}

/**
 * Writes the network file atomically: readers see the old file or the new one, never half of
 * one (a temporary file in the same folder, flushed, then renamed over the target).
 */
export async function writeNetworkFile(file: string, network: NetworkFile): Promise<void> {
  const valid = parseNetworkFile(network, file);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(valid, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
