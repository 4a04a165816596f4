/**
 * Joining a network by its key server's address (PROTOCOL.md §6): fetch the description the key
 * server serves, check it against that server's `/v1/info` and against the chain, and say what
 * was found. Saving it is the caller's choice (`saveJoinedNetwork`).
 */
import { getAddress } from 'ethers';
import {
  NETWORK_DESCRIPTION_MAX_BYTES,
  NetworkDescriptionError,
  parseNetworkDescriptionText,
} from '../../protocol/networkDescription';
import type { NetworkDescription } from '../../protocol/networkDescription';
import { AppError } from '../errors';
import { keyServerInfoSchema } from '../unlock/keyServerClient';
import { readMarketSettings, writeMarketSettings } from './marketSettings';
import type { CustomNetwork } from './marketSettings';
import { checkChain } from './networkValidation';

const FETCH_TIMEOUT_MS = 5_000;
/** `/v1/info` is a few hundred bytes; anything much larger is not a key server's answer. */
const INFO_MAX_BYTES = 4096;

/** What joining found: enough to show the user before (or after) it is saved. */
export interface JoinedNetwork {
  name: string;
  chainId: number;
  factory: string;
  /** The key server the app will use: the address joined, or the one a description file names. */
  keyServerUrl: string;
  /** The first of the description's RPC URLs that answered. */
  rpcUrl: string;
  seeds: number;
  description: NetworkDescription;
}

/**
 * The key server's base URL from what a user typed: an http(s) URL, or a bare `host:port`
 * (taken as http). Throws a BAD_REQUEST AppError saying what to type otherwise.
 */
export function keyServerAddress(typed: string): string {
  const text = typed.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const url = text.length > 0 && text.length <= 2048 && URL.canParse(withScheme) ? new URL(withScheme) : null;
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new AppError(
      'BAD_REQUEST',
      `"${text.slice(0, 100)}" is not a key server address. Type it as https://keys.example.org or host:port.`,
    );
  }
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** Fetches `path` under `base` with a deadline, reading at most `maxBytes` of the answer. */
async function fetchCapped(
  base: string,
  path: string,
  maxBytes: number,
): Promise<{ status: number; text: string } | { status: number; tooLarge: true }> {
  const response = await fetch(new URL(path, `${base}/`), {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes || !response.body) {
    await response.body?.cancel();
    return declared > maxBytes
      ? { status: response.status, tooLarge: true }
      : { status: response.status, text: '' };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { status: response.status, tooLarge: true };
    }
    chunks.push(value);
  }
  return { status: response.status, text: Buffer.concat(chunks).toString('utf8') };
}

function unreachable(address: string): AppError {
  return new AppError(
    'NETWORK_UNREACHABLE',
    `No Busker key server answers at ${address}. Check the address and that the server is running.`,
  );
}

/** The description served at `address` (`GET /v1/network`), parsed; nothing else checked yet. */
export async function fetchNetworkDescription(address: string): Promise<NetworkDescription> {
  let answer: Awaited<ReturnType<typeof fetchCapped>>;
  try {
    answer = await fetchCapped(address, 'v1/network', NETWORK_DESCRIPTION_MAX_BYTES);
  } catch {
    throw unreachable(address);
  }
  if (answer.status !== 200) {
    throw new AppError(
      'NETWORK_INVALID',
      `The server at ${address} answers, but serves no network description (HTTP ${answer.status}). ` +
        'Check that this is the address of a Busker key server.',
    );
  }
  if ('tooLarge' in answer) {
    throw new AppError(
      'NETWORK_INVALID',
      `The network description at ${address} is larger than the ${NETWORK_DESCRIPTION_MAX_BYTES / 1024} KiB ` +
        "a description may have. Tell the network's operator; nothing was saved.",
    );
  }
  try {
    return parseNetworkDescriptionText(answer.text);
  } catch (error) {
    if (!(error instanceof NetworkDescriptionError)) throw error;
    throw new AppError(
      'NETWORK_INVALID',
      `The network description at ${address} cannot be used: ${error.message}. Tell the network's operator; ` +
        'nothing was saved.',
    );
  }
}

/**
 * Checks a description against its key server's `/v1/info` (same chain, same factory) and
 * against the chain (an RPC node answers on that chain, the factory holds a contract).
 * `origin` names where the description came from in errors.
 */
export async function checkNetworkDescription(
  description: NetworkDescription,
  keyServerUrl: string,
  origin: string,
): Promise<JoinedNetwork> {
  let answer: Awaited<ReturnType<typeof fetchCapped>>;
  try {
    answer = await fetchCapped(keyServerUrl, 'v1/info', INFO_MAX_BYTES);
  } catch {
    throw unreachable(keyServerUrl);
  }
  let json: unknown;
  try {
    json = answer.status === 200 && 'text' in answer ? JSON.parse(answer.text) : undefined;
  } catch {
    json = undefined;
  }
  const info = keyServerInfoSchema.safeParse(json);
  if (!info.success) {
    throw new AppError(
      'NETWORK_INVALID',
      `The server at ${keyServerUrl} does not answer like a Busker key server (GET /v1/info). Check the address.`,
    );
  }
  const { chainId, factory } = description.chain;
  if (info.data.chainId !== chainId) {
    throw new AppError(
      'NETWORK_INVALID',
      `The network description at ${origin} says chain ${chainId}, but its key server at ${keyServerUrl} says ` +
        `chain ${info.data.chainId}. Tell the network's operator; nothing was saved.`,
    );
  }
  if (getAddress(info.data.factory) !== factory) {
    throw new AppError(
      'NETWORK_INVALID',
      `The network description at ${origin} names the factory ${factory}, but its key server at ${keyServerUrl} ` +
        `serves the factory ${getAddress(info.data.factory)}. Tell the network's operator; nothing was saved.`,
    );
  }
  const { rpcUrl } = await checkChain(description.chain.rpcUrls, factory, chainId);
  return {
    name: description.name,
    chainId,
    factory,
    keyServerUrl,
    rpcUrl,
    seeds: description.seeds.length,
    description,
  };
}

/** Fetches, checks and returns the network whose key server answers at `typed` (nothing saved). */
export async function joinNetwork(typed: string): Promise<JoinedNetwork> {
  const address = keyServerAddress(typed);
  const description = await fetchNetworkDescription(address);
  return checkNetworkDescription(description, address, address);
}

/** A joined network as the market settings keep it. */
export function joinedNetworkSetting(joined: JoinedNetwork): CustomNetwork {
  return {
    rpcUrl: joined.rpcUrl,
    chainId: joined.chainId,
    factory: joined.factory,
    keyServerUrl: joined.keyServerUrl,
    description: joined.description,
  };
}

/** Makes a joined network the one the app and the commands use; other settings are kept. */
export async function saveJoinedNetwork(dataDir: string, joined: JoinedNetwork): Promise<void> {
  const settings = await readMarketSettings(dataDir);
  await writeMarketSettings(dataDir, { ...settings, network: joinedNetworkSetting(joined) });
}
