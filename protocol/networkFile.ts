// The network file: a network description (PROTOCOL.md §6) kept on disk, written by the devnet
// (or by hand for a public network) and read by the app, the CLI and the key server. Older files
// (chainId, rpcUrl, factory, factoryBlock?, keyServer?) are still read; every write is §6.
//
// Default location: `$BUSKER_NETWORK_FILE` if set, else `network.json` in Busker's data folder
// (base/dataDir), so the devnet, the app, the CLI and the key server find each other from any
// working directory with no flags.
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getAddress, isAddress } from 'ethers';
import { z } from 'zod';
import { writeFileAtomically } from '../base/atomicFileWrite';
import {
  NETWORK_DESCRIPTION_MAX_BYTES,
  NetworkDescriptionError,
  parseNetworkDescription,
  parseNetworkDescriptionText,
} from './networkDescription';
import type { NetworkDescription, NetworkDescriptionInput, NetworkSeed } from './networkDescription';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** What the chain code needs of a network: one RPC URL (the description's first), chain and factory. */
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

export type NetworkFile = z.infer<typeof networkFileSchema> & {
  /** The network's seeds (PROTOCOL §7): where published tracks stay online with the artist gone. */
  seeds?: NetworkSeed[];
  /** Whether the public IPFS network may be asked too (PROTOCOL §6). */
  publicIpfs?: boolean;
};

/** The part of a description the chain code runs on. */
export function networkFileFromDescription(description: NetworkDescription): NetworkFile {
  return {
    chainId: description.chain.chainId,
    rpcUrl: description.chain.rpcUrls[0] ?? '',
    factory: description.chain.factory,
    factoryBlock: description.chain.factoryBlock,
    ...(description.keyServer === undefined ? {} : { keyServer: description.keyServer }),
    seeds: description.seeds,
    publicIpfs: description.publicIpfs,
  };
}

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

export { defaultNetworkFilePath } from './networkFilePath';

/** Reads and validates a network file; the error names the file and the first bad field. */
export async function readNetworkFile(file: string): Promise<NetworkFile> {
  return networkFileFromDescription(await readNetworkDescriptionFile(file));
}

/** Reads a network file whole (seeds, name, every RPC URL), converting an older one. */
export async function readNetworkDescriptionFile(file: string): Promise<NetworkDescription> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      // One byte more than a description may have, so that a larger file is seen to be larger.
      const buffer = Buffer.alloc(NETWORK_DESCRIPTION_MAX_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NetworkFileError(
        'NETWORK_FILE_MISSING',
        file,
        `No network file at ${file}. Start a local network with \`npm run devnet\`, join one with ` +
          '`busker network join <key server address>`, or point --network at a network file.',
      );
    }
    throw error;
  }
  try {
    return parseNetworkDescriptionText(text);
  } catch (error) {
    throw fileError(error, file);
  }
}

function fileError(error: unknown, file: string): unknown {
  if (!(error instanceof NetworkDescriptionError)) return error;
  const where = error.field === undefined ? 'its top level' : `"${error.field}"`;
  const message =
    error.code === 'NETWORK_DESCRIPTION_INVALID'
      ? `The network file ${file} is malformed: ${where} ${error.reason}. Fix it, or write it again with ` +
        '`npm run devnet` or `busker network join`.'
      : `The network file ${file} ${error.reason}. Fix it, or write it again with \`npm run devnet\` or ` +
        '`busker network join`.';
  return new NetworkFileError('NETWORK_FILE_INVALID', file, message);
}

/**
 * Writes the network file atomically, always in the §6 shape (a `NetworkFile` is converted): readers
 * see the old file or the new one, never half of one (a temporary file in the same folder, flushed,
 * then renamed over the target).
 */
export async function writeNetworkFile(
  file: string,
  network: NetworkDescriptionInput | NetworkFile,
): Promise<void> {
  let valid: NetworkDescription;
  try {
    valid = parseNetworkDescription(network);
  } catch (error) {
    throw fileError(error, file);
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomically(file, [Buffer.from(`${JSON.stringify(valid, null, 2)}\n`, 'utf8')], {
    mode: 0o644,
  });
}
