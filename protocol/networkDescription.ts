/**
 * The network description (PROTOCOL.md §6): everything an app needs to join a network, served by
 * the key server at `GET /v1/network` and also kept as a file. It is untrusted input, so every
 * field and size is capped here, in the one place both the key server and the app read it from.
 * Older network files (`chainId`, `rpcUrl`, `factory`, `factoryBlock`, `keyServer`) are converted.
 */
import { multiaddr } from '@multiformats/multiaddr';
import { getAddress, isAddress } from 'ethers';
import { z } from 'zod';

/** A whole document, as bytes of UTF-8, is refused above this before it is parsed. */
export const NETWORK_DESCRIPTION_MAX_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 80;
export const MAX_URL_LENGTH = 2048;
export const MAX_RPC_URLS = 8;
export const MAX_SEEDS = 32;
export const MAX_MULTIADDRS_PER_SEED = 16;
const MAX_MULTIADDR_LENGTH = 512;
/** What the key server assumes when nothing says otherwise (PROTOCOL.md §5); old files had no field. */
export const DEFAULT_CONFIRMATIONS = 2;

/** Plain http is for local and test networks; anything else (javascript:, file:, ws:) is refused. */
const httpUrl = z
  .string({ error: 'must be an http(s) URL' })
  .max(MAX_URL_LENGTH, { error: `must be an http(s) URL of at most ${MAX_URL_LENGTH} characters` })
  .superRefine((text, context) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      context.addIssue({ code: 'custom', message: 'must be an http(s) URL with a host' });
    } else if (url.username !== '' || url.password !== '') {
      context.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
    }
  });

const address = z
  .string({ error: 'must be a 0x-prefixed 20-byte address' })
  .max(42, { error: 'must be a 0x-prefixed 20-byte address' })
  .refine((value) => isAddress(value), { error: 'must be a 0x-prefixed 20-byte address' })
  .transform((value) => getAddress(value));

const chainId = z
  .number({ error: 'must be a whole number above 0' })
  .int({ error: 'must be a whole number above 0' })
  .positive({ error: 'must be a whole number above 0' });

const blockNumber = z
  .number({ error: 'must be a block number (a whole number, 0 or more)' })
  .int({ error: 'must be a block number (a whole number, 0 or more)' })
  .nonnegative({ error: 'must be a block number (a whole number, 0 or more)' });

// Base58btc ("12D3KooW…", "Qm…") or a base32 CID ("bafz…"): letters and digits only.
const peerId = z
  .string({ error: 'must be a libp2p peer id' })
  .regex(/^[A-Za-z0-9]{32,128}$/, { error: 'must be a libp2p peer id (32 to 128 letters and digits)' });

const multiaddrText = z
  .string({ error: 'must be a multiaddr' })
  .max(MAX_MULTIADDR_LENGTH, { error: `must be a multiaddr of at most ${MAX_MULTIADDR_LENGTH} characters` })
  .refine(
    (text) => {
      try {
        multiaddr(text);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be a multiaddr such as /ip4/198.51.100.10/tcp/4001/p2p/12D3KooW…' },
  );

const seedSchema = z
  .object(
    {
      peerId,
      multiaddrs: z
        .array(multiaddrText, { error: 'must be a list of multiaddrs' })
        .min(1, { error: 'must list at least one multiaddr' })
        .max(MAX_MULTIADDRS_PER_SEED, { error: `must list at most ${MAX_MULTIADDRS_PER_SEED} multiaddrs` }),
      pinning: httpUrl,
      gateway: httpUrl,
    },
    { error: 'must be an object describing a seed' },
  )
  .superRefine((seed, context) => {
    seed.multiaddrs.forEach((text, index) => {
      if (!text.endsWith(`/p2p/${seed.peerId}`)) {
        context.addIssue({
          code: 'custom',
          path: ['multiaddrs', index],
          message: `must end in /p2p/${seed.peerId}, the seed's own peer id`,
        });
      }
    });
  });

const name = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters` })
  // Control characters would let a name rewrite the terminal or fake a second line in the UI.
  .refine((text) => !/\p{Cc}/u.test(text), { error: 'must not contain control characters' });

const seeds = z
  .array(seedSchema, { error: 'must be a list of seeds' })
  .max(MAX_SEEDS, { error: `must list at most ${MAX_SEEDS} seeds` })
  .default([]);
const publicIpfs = z.boolean({ error: 'must be true or false' }).default(false);

/** The §6 shape alone (no older file converted): for a description saved by Busker itself. */
export const networkDescriptionSchema = z.object(
  {
    busker: z.literal(1, { error: 'must be 1: this Busker reads version 1 of the network description' }),
    name,
    chain: z.object(
      {
        chainId,
        rpcUrls: z
          .array(httpUrl, { error: 'must be a list of http(s) URLs' })
          .min(1, { error: 'must list at least one RPC URL' })
          .max(MAX_RPC_URLS, { error: `must list at most ${MAX_RPC_URLS} RPC URLs` }),
        factory: address,
        factoryBlock: blockNumber,
        confirmations: z
          .number({ error: 'must be a whole number of blocks from 1 to 64' })
          .int({ error: 'must be a whole number of blocks from 1 to 64' })
          .min(1, { error: 'must be a whole number of blocks from 1 to 64' })
          .max(64, { error: 'must be a whole number of blocks from 1 to 64' }),
      },
      { error: 'must be an object with chainId, rpcUrls, factory, factoryBlock and confirmations' },
    ),
    /** Absent only in a file written before its key server ran; one served at /v1/network names it. */
    keyServer: httpUrl.optional(),
    seeds,
    publicIpfs,
  },
  { error: 'must be a JSON object' },
);

const legacySchema = z.object(
  {
    chainId,
    rpcUrl: httpUrl,
    factory: address,
    keyServer: httpUrl.optional(),
    factoryBlock: blockNumber.optional(),
    // Never in an old file on disk, but kept when the app's own NetworkFile shape is written back.
    seeds,
    publicIpfs,
  },
  { error: 'must be a JSON object' },
);

export type NetworkDescription = z.output<typeof networkDescriptionSchema>;
export type NetworkSeed = z.output<typeof seedSchema>;
/** A description before defaults: what a writer may leave out (`seeds`, `publicIpfs`). */
export type NetworkDescriptionInput = z.input<typeof networkDescriptionSchema>;

export type NetworkDescriptionErrorCode =
  'NETWORK_DESCRIPTION_TOO_LARGE' | 'NETWORK_DESCRIPTION_NOT_JSON' | 'NETWORK_DESCRIPTION_INVALID';

/** The message says what is wrong in words, without saying where the document came from. */
export class NetworkDescriptionError extends Error {
  constructor(
    readonly code: NetworkDescriptionErrorCode,
    /** What is wrong with the field (or the document), as in "must be an http(s) URL with a host". */
    readonly reason: string,
    /** The bad field, as `chain.rpcUrls[0]`; absent when the whole document is wrong. */
    readonly field?: string,
  ) {
    super(field === undefined ? `it ${reason}` : `"${field}" ${reason}`);
    this.name = 'NetworkDescriptionError';
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function invalid(error: z.ZodError): NetworkDescriptionError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? fieldName(issue.path) : undefined;
  return new NetworkDescriptionError('NETWORK_DESCRIPTION_INVALID', issue?.message ?? 'is invalid', field);
}

function fromLegacy(legacy: z.output<typeof legacySchema>): NetworkDescription {
  return {
    busker: 1,
    name: `Chain ${legacy.chainId}`,
    chain: {
      chainId: legacy.chainId,
      rpcUrls: [legacy.rpcUrl],
      factory: legacy.factory,
      factoryBlock: legacy.factoryBlock ?? 0,
      confirmations: DEFAULT_CONFIRMATIONS,
    },
    ...(legacy.keyServer === undefined ? {} : { keyServer: legacy.keyServer }),
    seeds: legacy.seeds,
    publicIpfs: legacy.publicIpfs,
  };
}

/**
 * Parses an untrusted description (or an older network file, converted). Throws
 * NetworkDescriptionError naming the first bad field; unknown fields are dropped.
 */
export function parseNetworkDescription(data: unknown): NetworkDescription {
  const isLegacy = typeof data === 'object' && data !== null && !('busker' in data) && 'rpcUrl' in data;
  if (isLegacy) {
    const legacy = legacySchema.safeParse(data);
    if (!legacy.success) throw invalid(legacy.error);
    return fromLegacy(legacy.data);
  }
  const result = networkDescriptionSchema.safeParse(data);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

/** Parses a description from its text: the size is checked before the JSON is read. */
export function parseNetworkDescriptionText(text: string): NetworkDescription {
  // Every character is at least one byte: a long text is refused before it is encoded.
  if (
    text.length > NETWORK_DESCRIPTION_MAX_BYTES ||
    new TextEncoder().encode(text).length > NETWORK_DESCRIPTION_MAX_BYTES
  ) {
    throw new NetworkDescriptionError(
      'NETWORK_DESCRIPTION_TOO_LARGE',
      `is larger than the ${NETWORK_DESCRIPTION_MAX_BYTES / 1024} KiB a network description may have`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NetworkDescriptionError(
      'NETWORK_DESCRIPTION_NOT_JSON',
      `is not valid JSON (${(error as Error).message})`,
    );
  }
  return parseNetworkDescription(data);
}
