// What the key server's API tests share: a real anvil with the real contracts, artists with
// published tracks, a real server listening on 127.0.0.1, signed requests, and a record of every
// secret that crossed the wire so the captured logs can be searched for them afterwards.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TypedDataDomain, Wallet } from 'ethers';
import type { FastifyInstance } from 'fastify';
import type { ContractFixture } from '../../testkit/contractFixture';
import { startContractFixture } from '../../testkit/contractFixture';
import { connectArtist } from '../../protocol/contracts';
import type { ArtistContract } from '../../protocol/contracts';
import { envelopeContext, generateX25519KeyPair, openEnvelope, sealEnvelope } from '../../protocol/envelope';
import type { X25519KeyPair } from '../../protocol/envelope';
import { keyCommitment } from '../../protocol/keyCommitment';
import { buildKeyServer } from '../app';
import type { ChainReader } from '../chainReader';
import { EthersChainReader } from '../chainReader';
import type { KeyServerSettings } from '../config';
import type { DepositRequest, UnlockRequest } from '../../protocol/keyServerTypedData';
import { keyServerDomain, signDepositRequest, signUnlockRequest } from '../../protocol/keyServerTypedData';
import { KeyVault } from '../keyVault';
import { MasterKey } from '../masterKey';
import type { RateLimitSettings } from '../rateLimits';
import type { RequestCrypto } from '../requestCrypto';
import type { KeyStore } from '../store/keyStore';

/** Every log line any test server wrote. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString());
    done();
  }

  get text(): string {
    return this.lines.join('');
  }
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  vault: KeyVault;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text if it is not JSON. */
  body: Record<string, unknown>;
  text: string;
}

export interface PublishedTrack {
  artist: string;
  trackId: number;
  contentKey: Buffer;
  price: bigint;
}

export interface ServerOptions {
  store: KeyStore;
  confirmations?: number;
  rateLimits?: Partial<RateLimitSettings>;
  /** Wraps the real chain reader (tests that hold a request in flight). */
  wrapChain?: (chain: ChainReader) => ChainReader;
  /** Close the store with the server. */
  ownsStore?: boolean;
  /** Recover signers and seal keys in worker threads (closed with the server). */
  crypto?: RequestCrypto;
  maxConnectionsPerIp?: number;
  /** Listen on this port (a server started again on the address clients already know); 0: any. */
  port?: number;
}

export const generousLimits: RateLimitSettings = { perIp: 100_000, perAddress: 100_000, windowMs: 60_000 };

export class KeyServerHarness {
  readonly logs = new LogCapture();
  /** Secrets that crossed the wire, hex or base64: none may appear in a log. */
  readonly secrets = new Set<string>();
  readonly masterKeyBytes = randomBytes(32);
  readonly masterKey = MasterKey.fromBytes(this.masterKeyBytes);
  private readonly servers = new Set<TestServer>();

  private constructor(
    readonly fixture: ContractFixture,
    readonly chainId: number,
  ) {
    this.noteSecret(this.masterKeyBytes);
  }

  static async start(): Promise<KeyServerHarness> {
    const fixture = await startContractFixture();
    const network = await fixture.provider.getNetwork();
    return new KeyServerHarness(fixture, Number(network.chainId));
  }

  get domain(): TypedDataDomain {
    return keyServerDomain(this.chainId, this.fixture.deployment.factory);
  }

  wallet(index: number): Wallet {
    const wallet = this.fixture.wallets[index];
    if (!wallet) throw new Error(`anvil has no account ${index}`);
    return wallet;
  }

  async startServer(options: ServerOptions): Promise<TestServer> {
    const settings: KeyServerSettings = {
      chainId: this.chainId,
      factory: this.fixture.deployment.factory,
      confirmations: options.confirmations ?? 2,
      rateLimits: { ...generousLimits, ...options.rateLimits },
      trustProxy: false,
      ...(options.maxConnectionsPerIp === undefined
        ? {}
        : { maxConnectionsPerIp: options.maxConnectionsPerIp }),
    };
    const vault = await KeyVault.open(options.store, this.masterKey);
    this.noteSecret(vault.identity.privateKey);
    const realChain = new EthersChainReader(this.fixture.provider, settings.factory);
    const app = await buildKeyServer({
      config: settings,
      vault,
      chain: options.wrapChain ? options.wrapChain(realChain) : realChain,
      logger: { level: 'trace', destination: this.logs },
      ...(options.crypto ? { crypto: options.crypto } : {}),
    });
    if (options.ownsStore) app.addHook('onClose', () => options.store.close());
    if (options.crypto) app.addHook('onClose', () => options.crypto?.close());
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('the server has no address');
    const url = `http://127.0.0.1:${address.port}`;
    const server: TestServer = {
      url,
      app,
      vault,
      post: (path, body, headers) => this.request(url, path, 'POST', body, headers),
      get: (path) => this.request(url, path, 'GET'),
      close: async () => {
        this.servers.delete(server);
        await app.close();
      },
    };
    this.servers.add(server);
    return server;
  }

  private async request(
    url: string,
    path: string,
    method: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...headers };
    }
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    if (typeof parsed.envelope === 'string') this.noteSecret(Buffer.from(parsed.envelope, 'base64url'));
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  /** Publishes a track with a fresh content key; the returned key is what the server must release. */
  async publish(artist: ArtistContract, price = 1_000n): Promise<PublishedTrack> {
    const contentKey = randomBytes(32);
    this.noteSecret(contentKey);
    const trackId = Number(await artist.trackCount());
    const receipt = await (
      await artist.publishTrack(
        `meta-${trackId}`,
        `audio-${trackId}`,
        randomBytes(32),
        keyCommitment(contentKey),
        price,
      )
    ).wait();
    if (receipt?.status !== 1) throw new Error('publishTrack failed');
    return { artist: (await artist.getAddress()).toLowerCase(), trackId, contentKey, price };
  }

  /** The envelope an artist's app would deposit: the key sealed to the server for this track. */
  envelopeFor(server: TestServer, track: PublishedTrack, contentKey = track.contentKey): string {
    const envelope = sealEnvelope(
      contentKey,
      server.vault.identity.publicKey,
      envelopeContext(this.chainId, track.artist, track.trackId),
    );
    this.noteSecret(envelope);
    return `0x${envelope.toString('hex')}`;
  }

  /** The content key in an unlock's answer, opened as the listener's app opens it. */
  keyFromAnswer(answer: Answer, recipientPrivateKey: Uint8Array, track: PublishedTrack): Buffer {
    return openEnvelope(
      Buffer.from(answer.body.envelope as string, 'base64url'),
      recipientPrivateKey,
      envelopeContext(this.chainId, track.artist, track.trackId),
    );
  }

  async depositRequest(
    signer: Wallet,
    fields: { artist: string; trackId: number | string; envelope: string; nonce?: string; deadline?: string },
    domain: TypedDataDomain = this.domain,
  ): Promise<DepositRequest> {
    const request = await signDepositRequest(signer, domain, {
      artist: fields.artist,
      trackId: String(fields.trackId),
      envelope: fields.envelope,
      nonce: fields.nonce ?? freshNonce(),
      deadline: fields.deadline ?? String(nowSeconds() + 300),
    });
    this.secrets.add(request.signature.slice(2));
    return request;
  }

  async unlockRequest(
    signer: Wallet,
    track: { artist: string; trackId: number | string },
    recipient: X25519KeyPair,
    overrides: Partial<UnlockRequest['unlock']> = {},
    domain: TypedDataDomain = this.domain,
  ): Promise<UnlockRequest> {
    const request = await signUnlockRequest(signer, domain, {
      artist: track.artist,
      trackId: String(track.trackId),
      listener: signer.address,
      recipientKey: `0x${recipient.publicKey.toString('hex')}`,
      nonce: freshNonce(),
      deadline: String(nowSeconds() + 300),
      ...overrides,
    });
    this.secrets.add(request.signature.slice(2));
    return request;
  }

  /** The listener's tip, mined (automine), or with `mine: false` only sent (automine off). */
  async tip(listener: Wallet, track: PublishedTrack, value = track.price): Promise<void> {
    await (await connectArtist(track.artist, listener).tip(track.trackId, { value })).wait();
  }

  async mine(blocks = 1): Promise<void> {
    for (let index = 0; index < blocks; index += 1) await this.fixture.provider.send('evm_mine', []);
  }

  /** A listener's app: its X25519 pair, whose private key opens what the server releases. */
  listenerKeys(): X25519KeyPair {
    const keys = generateX25519KeyPair();
    this.noteSecret(keys.privateKey);
    return keys;
  }

  noteSecret(bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes);
    for (const text of [buffer.toString('hex'), buffer.toString('base64'), buffer.toString('base64url')]) {
      this.secrets.add(text);
    }
  }

  async close(): Promise<void> {
    for (const server of [...this.servers]) await server.close();
    await this.fixture.close();
  }
}

export function freshNonce(): string {
  return `0x${randomBytes(32).toString('hex')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Reads one counter's value from a /metrics answer. */
export function metricValue(metricsText: string, name: string): number {
  const line = metricsText.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
