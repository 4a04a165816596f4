/**
 * The app's side of the key server API (PROTOCOL §5): read its identity, deposit a track's key
 * as the artist, ask for a key as the listener. Requests are EIP-712 signed by the caller's
 * wallet; keys travel only inside envelopes, and a released key is opened here, never logged.
 */
import { randomBytes } from 'node:crypto';
import type { Signer, TypedDataDomain } from 'ethers';
import { getAddress } from 'ethers';
import { z } from 'zod';
import { keyServerDomain, signDepositRequest, signUnlockRequest } from '../../protocol/keyServerTypedData';
import { envelopeContext, generateX25519KeyPair, openEnvelope, sealEnvelope } from '../../protocol/envelope';

/** How long a signed request stays valid (the server accepts at most 600 s). */
const REQUEST_LIFETIME_SECONDS = 300;
/** How long one request may take, answer included, unless the caller says otherwise. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface KeyServerInfo {
  chainId: number;
  factory: string;
  confirmations: number;
  publicKey: Buffer;
}

/** An answer of the key server other than success, with its protocol code. */
export class KeyServerRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For `TIP_NOT_CONFIRMED`: how many more blocks the server waits for. */
    readonly confirmationsNeeded?: number,
  ) {
    super(message);
    this.name = 'KeyServerRequestError';
  }
}

/** `GET /v1/info` (PROTOCOL §5). */
export const keyServerInfoSchema = z.object({
  version: z.literal(1),
  chainId: z.number().int().positive(),
  factory: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  confirmations: z.number().int().min(1).max(1000),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
const errorSchema = z.object({
  error: z.object({ code: z.string().max(64), message: z.string().max(1000) }),
  confirmationsNeeded: z.number().int().nonnegative().optional(),
});
const unlockAnswerSchema = z.object({ envelope: z.string().regex(/^[A-Za-z0-9_-]{107}$/) });

type TypedDataSigner = Pick<Signer, 'signTypedData' | 'getAddress'>;

export interface KeyServerClientOptions {
  /** The network the app is on; a key server for another network is refused. */
  chainId: number;
  factory: string;
  fetch?: typeof globalThis.fetch;
  /** The deadline of each request, answer included; 15 s by default. */
  timeoutMs?: number;
}

/** What a network says about its key server: where it is, and the network it must belong to. */
export interface KeyServerNetwork {
  keyServer?: string | undefined;
  chainId: number;
  factory: string;
}

/** The client for the network's key server (null when the network names none). */
export function networkKeyServer(network: KeyServerNetwork & { keyServer: string }): KeyServerClient;
export function networkKeyServer(network: KeyServerNetwork): KeyServerClient | null;
export function networkKeyServer(network: KeyServerNetwork): KeyServerClient | null {
  return network.keyServer
    ? new KeyServerClient(network.keyServer, { chainId: network.chainId, factory: network.factory })
    : null;
}

export class KeyServerClient {
  private infoRequest: Promise<KeyServerInfo> | undefined;
  private readonly fetch: typeof globalThis.fetch;
  private readonly domain: TypedDataDomain;

  constructor(
    readonly baseUrl: string,
    private readonly options: KeyServerClientOptions,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.domain = keyServerDomain(options.chainId, options.factory);
  }

  /** The server's identity, checked against the app's network (asked once). */
  info(): Promise<KeyServerInfo> {
    this.infoRequest ??= this.fetchInfo().catch((error: unknown) => {
      this.infoRequest = undefined;
      throw error;
    });
    return this.infoRequest;
  }

  /** As the artist's owner: seals `contentKey` to the server and deposits it for one track. */
  async deposit(
    signer: TypedDataSigner,
    track: { artist: string; trackId: number },
    contentKey: Uint8Array,
  ): Promise<void> {
    const info = await this.info();
    const envelope = sealEnvelope(
      contentKey,
      info.publicKey,
      envelopeContext(info.chainId, track.artist, track.trackId),
    );
    const body = await signDepositRequest(signer, this.domain, {
      artist: getAddress(track.artist),
      trackId: String(track.trackId),
      envelope: `0x${envelope.toString('hex')}`,
      ...freshNonceAndDeadline(),
    });
    await this.post('/v1/keys', body);
  }

  /** As the listener: asks for a track's key and opens the envelope it comes in. Check it against the commitment. */
  async unlock(signer: TypedDataSigner, track: { artist: string; trackId: number }): Promise<Buffer> {
    const info = await this.info();
    const recipient = generateX25519KeyPair();
    const body = await signUnlockRequest(signer, this.domain, {
      artist: getAddress(track.artist),
      trackId: String(track.trackId),
      listener: await signer.getAddress(),
      recipientKey: `0x${recipient.publicKey.toString('hex')}`,
      ...freshNonceAndDeadline(),
    });
    const answer = unlockAnswerSchema.safeParse(await this.post('/v1/unlock', body));
    if (!answer.success) throw this.malformed();
    const envelope = Buffer.from(answer.data.envelope, 'base64url');
    try {
      return openEnvelope(
        envelope,
        recipient.privateKey,
        envelopeContext(info.chainId, track.artist, track.trackId),
      );
    } finally {
      recipient.privateKey.fill(0);
    }
  }

  private async fetchInfo(): Promise<KeyServerInfo> {
    const parsed = keyServerInfoSchema.safeParse(await this.request('/v1/info', { method: 'GET' }));
    if (!parsed.success) throw this.malformed();
    const info = parsed.data;
    if (
      info.chainId !== this.options.chainId ||
      info.factory.toLowerCase() !== this.options.factory.toLowerCase()
    ) {
      throw new KeyServerRequestError(
        0,
        'WRONG_NETWORK',
        `The key server at ${this.baseUrl} serves another network (chain ${info.chainId}). Check the key server address in settings.`,
      );
    }
    return { ...info, publicKey: Buffer.from(info.publicKey, 'base64url') };
  }

  private post(path: string, body: unknown): Promise<unknown> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request(path: string, init: RequestInit): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(new URL(path, this.baseUrl), { ...init, signal: deadline });
      text = await response.text();
    } catch {
      throw new KeyServerRequestError(
        0,
        'UNREACHABLE',
        deadline.aborted
          ? `The key server at ${this.baseUrl} did not answer within ${timeoutMs / 1000} seconds. ` +
              'Check your connection; Busker will try again.'
          : `The key server at ${this.baseUrl} does not answer. Check your connection; Busker will try again.`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.malformed();
    }
    if (response.ok) return json;
    const failure = errorSchema.safeParse(json);
    if (!failure.success) throw this.malformed();
    const { error, confirmationsNeeded } = failure.data;
    throw new KeyServerRequestError(response.status, error.code, error.message, confirmationsNeeded);
  }

  private malformed(): KeyServerRequestError {
    return new KeyServerRequestError(
      0,
      'MALFORMED_ANSWER',
      `The key server at ${this.baseUrl} sent an answer Busker cannot read.`,
    );
  }
}

function freshNonceAndDeadline(): { nonce: string; deadline: string } {
  return {
    nonce: `0x${randomBytes(32).toString('hex')}`,
    deadline: String(Math.floor(Date.now() / 1000) + REQUEST_LIFETIME_SECONDS),
  };
}
