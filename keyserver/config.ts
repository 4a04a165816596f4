// Configuration from the environment, validated at boot: every mistake is reported at once, one
// line per variable, and no secret is ever echoed back.
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { MasterKey, MasterKeyError } from './masterKey';
import { defaultPort } from './defaultPort';
import type { RateLimitSettings } from './rateLimits';

/** What the running app needs (buildKeyServer). */
export interface KeyServerSettings {
  chainId: number;
  /** The ArtistFactory, checksummed: the EIP-712 verifying contract. */
  factory: string;
  /** Blocks a tip needs, counting its own (PROTOCOL.md §5). */
  confirmations: number;
  rateLimits: RateLimitSettings;
  /** Honour X-Forwarded-For from a reverse proxy when taking the client's IP. */
  trustProxy: boolean;
  /** Connections one remote address may hold open at once (0: no cap); `defaultMaxConnectionsPerIp` if not given. */
  maxConnectionsPerIp?: number;
}

export const requestBodyLimitBytes = 4096;
/** A signed request may be valid for at most this long (PROTOCOL.md §5). */
export const maxDeadlineSeconds = 600;
export { defaultPort };
export const defaultConfirmations = 2;
/** Far above what one app (a handful) or the unlock benchmark (64) opens; a flood stops here. */
export const defaultMaxConnectionsPerIp = 128;
/**
 * How long one chain read may take before the request that needs it fails with 503
 * CHAIN_UNAVAILABLE: well above a healthy node's answer, even a remote one, and low enough that an
 * unlock held by a node that stopped answering still ends within 10 s.
 */
export const chainCallTimeoutMs = 4_000;
/** `/v1/health` answers within this, saying which dependency did not, while one hangs. */
export const healthTimeoutMs = 2_000;
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * One crypto thread per core but the event loop's (at least one, at most 8): recovering signers and
 * sealing keys are the CPU-bound steps of every request, and off the event loop they neither queue
 * other requests nor delay health checks; the event loop itself keeps a core busy with HTTP, the
 * database and logs.
 */
export function defaultCryptoThreads(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 8));
}

/** Everything `startKeyServer` needs to boot. */
export interface KeyServerBootConfig {
  host: string;
  port: number;
  /** The network file naming chain id, RPC URL and factory (protocol/networkFile.ts). */
  networkFile: string;
  /** Where the SQLite database lives when no database URL is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: MasterKey;
  confirmations: number;
  rateLimits: RateLimitSettings;
  trustProxy: boolean;
  /** Connections one remote address may hold open at once; 0: no cap. */
  maxConnectionsPerIp: number;
  logLevel: LogLevel;
  /** Worker threads that recover signers and seal keys; 0: on the event loop. See `defaultCryptoThreads`. */
  cryptoThreads: number;
  /** The address clients reach this server at, named in `GET /v1/network`; the listening URL if unset. */
  publicUrl?: string;
}

/** Defaults the caller knows (the CLI: Busker's data folder and network file). */
export interface ConfigDefaults {
  dataDir: string;
  networkFile: string;
}

/** Values given on the command line win over the environment. */
export type ConfigOverrides = Partial<Pick<KeyServerBootConfig, 'host' | 'port' | 'networkFile' | 'dataDir'>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The key server's configuration has ${problems.length === 1 ? 'a mistake' : `${problems.length} mistakes`}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: `must be ${what}` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error: `must be ${what}` });

const envSchema = z.object({
  BUSKER_KEYSERVER_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, { error: 'must be a host name or IP address to listen on' })
    .default('127.0.0.1'),
  BUSKER_KEYSERVER_PORT: wholeNumber(
    0,
    65535,
    'a port number from 0 to 65535 (0 picks a free port)',
  ).optional(),
  BUSKER_KEYSERVER_CONFIRMATIONS: wholeNumber(1, 64, 'a whole number of blocks from 1 to 64').optional(),
  BUSKER_KEYSERVER_DATA_DIR: z.string().min(1).optional(),
  BUSKER_KEYSERVER_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'must be a postgres://… or postgresql://… URL' })
    .optional(),
  BUSKER_KEYSERVER_MASTER_KEY: z.string().optional(),
  BUSKER_KEYSERVER_MASTER_KEY_FILE: z.string().min(1).optional(),
  BUSKER_KEYSERVER_RATE_LIMIT_PER_IP: wholeNumber(
    1,
    1_000_000,
    'a whole number of requests per minute, 1 or more',
  ).optional(),
  BUSKER_KEYSERVER_RATE_LIMIT_PER_ADDRESS: wholeNumber(
    1,
    1_000_000,
    'a whole number of requests per minute, 1 or more',
  ).optional(),
  BUSKER_KEYSERVER_MAX_CONNECTIONS_PER_IP: wholeNumber(
    0,
    1_000_000,
    'a whole number of connections, 0 for no cap',
  ).optional(),
  BUSKER_KEYSERVER_CRYPTO_THREADS: wholeNumber(0, 64, 'a whole number of threads from 0 to 64').optional(),
  BUSKER_KEYSERVER_TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  BUSKER_KEYSERVER_LOG_LEVEL: z
    .enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` })
    .optional(),
  BUSKER_KEYSERVER_PUBLIC_URL: z
    .string()
    .max(2048, { error: 'must be an http(s) URL of at most 2048 characters' })
    .refine((text) => URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol), {
      error: 'must be the http(s) URL clients reach this key server at, such as https://keys.example.org',
    })
    .optional(),
  BUSKER_NETWORK_FILE: z.string().min(1).optional(),
});

const masterKeyHowTo =
  'Set BUSKER_KEYSERVER_MASTER_KEY_FILE to a file holding 32 random bytes as hex ' +
  '(`openssl rand -hex 32 > master.key && chmod 600 master.key`), or BUSKER_KEYSERVER_MASTER_KEY to such a value.';

/**
 * Reads the key server's configuration from `env` (and the master key file), or throws a
 * ConfigError listing every bad variable.
 */
export async function loadKeyServerConfig(
  env: NodeJS.ProcessEnv,
  defaults: ConfigDefaults,
  overrides: ConfigOverrides = {},
): Promise<KeyServerBootConfig> {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')} ${issue.message}.`);
  }
  const masterKey = await loadMasterKey(env, problems);
  if (!parsed.success || !masterKey) throw new ConfigError(problems);

  const vars = parsed.data;
  return {
    host: overrides.host ?? vars.BUSKER_KEYSERVER_HOST,
    port: overrides.port ?? vars.BUSKER_KEYSERVER_PORT ?? defaultPort,
    networkFile: resolve(overrides.networkFile ?? vars.BUSKER_NETWORK_FILE ?? defaults.networkFile),
    dataDir: resolve(overrides.dataDir ?? vars.BUSKER_KEYSERVER_DATA_DIR ?? defaults.dataDir),
    databaseUrl: vars.BUSKER_KEYSERVER_DATABASE_URL,
    masterKey,
    confirmations: vars.BUSKER_KEYSERVER_CONFIRMATIONS ?? defaultConfirmations,
    rateLimits: {
      perIp: vars.BUSKER_KEYSERVER_RATE_LIMIT_PER_IP ?? 120,
      perAddress: vars.BUSKER_KEYSERVER_RATE_LIMIT_PER_ADDRESS ?? 30,
      windowMs: 60_000,
    },
    trustProxy: vars.BUSKER_KEYSERVER_TRUST_PROXY === 'true',
    maxConnectionsPerIp: vars.BUSKER_KEYSERVER_MAX_CONNECTIONS_PER_IP ?? defaultMaxConnectionsPerIp,
    logLevel: vars.BUSKER_KEYSERVER_LOG_LEVEL ?? 'info',
    cryptoThreads: vars.BUSKER_KEYSERVER_CRYPTO_THREADS ?? defaultCryptoThreads(),
    ...(vars.BUSKER_KEYSERVER_PUBLIC_URL === undefined
      ? {}
      : { publicUrl: vars.BUSKER_KEYSERVER_PUBLIC_URL }),
  };
}

async function loadMasterKey(env: NodeJS.ProcessEnv, problems: string[]): Promise<MasterKey | undefined> {
  const inline = env.BUSKER_KEYSERVER_MASTER_KEY;
  const file = env.BUSKER_KEYSERVER_MASTER_KEY_FILE;
  if (inline !== undefined && file !== undefined) {
    problems.push(
      'BUSKER_KEYSERVER_MASTER_KEY and BUSKER_KEYSERVER_MASTER_KEY_FILE are both set: set only one.',
    );
    return undefined;
  }
  if (inline === undefined && file === undefined) {
    problems.push(`No master key: ${masterKeyHowTo}`);
    return undefined;
  }
  if (inline !== undefined) return parseMasterKey('BUSKER_KEYSERVER_MASTER_KEY', inline, problems);

  const path = resolve(file ?? '');
  let text: string;
  try {
    if ((await stat(path)).size > 1024) {
      problems.push(`BUSKER_KEYSERVER_MASTER_KEY_FILE (${path}) is too large to be a master key file.`);
      return undefined;
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    problems.push(`BUSKER_KEYSERVER_MASTER_KEY_FILE (${path}) ${reason}. ${masterKeyHowTo}`);
    return undefined;
  }
  return parseMasterKey(`BUSKER_KEYSERVER_MASTER_KEY_FILE (${path})`, text, problems);
}

function parseMasterKey(source: string, text: string, problems: string[]): MasterKey | undefined {
  try {
    return MasterKey.fromText(text);
  } catch (error) {
    if (!(error instanceof MasterKeyError)) throw error;
    // The value itself is never repeated: it may be a real key with a typo.
    problems.push(`${source} is not a master key: ${error.message}`);
    return undefined;
  }
}
