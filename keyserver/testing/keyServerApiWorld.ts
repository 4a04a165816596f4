// What every part of the key server's API suite shares: one server on a storage backend, a real
// anvil with two artists and their tracks, the wallets that sign, and the requests they send.
// The suite's parts run in order against it, so a later part may rely on what an earlier one did.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Wallet } from 'ethers';
import type { ArtistContract } from '../../protocol/contracts';
import type { X25519KeyPair } from '../../protocol/envelope';
import type { ChainReader } from '../chainReader';
import type { Answer, PublishedTrack, TestServer } from './keyServerHarness';
import { KeyServerHarness, metricValue } from './keyServerHarness';
import type { TestBackend, TestDatabase } from './testDatabases';
import { startBackend } from './testDatabases';

export interface KeyServerApiWorld {
  backend: TestBackend;
  harness: KeyServerHarness;
  database: TestDatabase;
  /** The server the requests go to unless told otherwise; a restart replaces it. */
  server: TestServer;
  owner: Wallet;
  otherOwner: Wallet;
  listener: Wallet;
  stranger: Wallet;
  artistA: ArtistContract;
  artistB: ArtistContract;
  trackA0: PublishedTrack;
  trackA1: PublishedTrack;
  /** Published, never deposited. */
  trackA2: PublishedTrack;
  trackB0: PublishedTrack;
  listenerKeys: X25519KeyPair;
  /** POST /v1/keys: `signer` deposits the track's key (or the envelope given). */
  deposit(signer: Wallet, track: PublishedTrack, envelope?: string, target?: TestServer): Promise<Answer>;
  /** POST /v1/unlock: `signer` asks for the track's key, sealed to the listener's keys. */
  unlock(signer: Wallet, track: { artist: string; trackId: number }, target?: TestServer): Promise<Answer>;
  /** How many keys the server has released, by its metrics. */
  released(target?: TestServer): Promise<number>;
}

/**
 * Sets up the world in the `describe` it is called from (before its tests, closed after them); its
 * fields are there once the tests run.
 */
export function keyServerApiWorld(backendName: TestBackend['name']): KeyServerApiWorld {
  const world = {
    async deposit(signer, track, envelope, target) {
      const sealed = envelope ?? world.harness.envelopeFor(world.server, track);
      return (target ?? world.server).post(
        '/v1/keys',
        await world.harness.depositRequest(signer, { ...track, envelope: sealed }),
      );
    },
    async unlock(signer, track, target) {
      return (target ?? world.server).post(
        '/v1/unlock',
        await world.harness.unlockRequest(signer, track, world.listenerKeys),
      );
    },
    async released(target) {
      const metrics = await (target ?? world.server).get('/metrics');
      return metricValue(metrics.text, 'busker_keyserver_unlocks_released_total');
    },
  } as KeyServerApiWorld;

  before(async () => {
    world.backend = await startBackend(backendName);
    const harness = await KeyServerHarness.start();
    world.harness = harness;
    [world.owner, world.otherOwner, world.listener, world.stranger] = [1, 2, 3, 4].map((index) =>
      harness.wallet(index),
    ) as [Wallet, Wallet, Wallet, Wallet];
    world.artistA = await harness.fixture.createArtist(world.owner, 'Artist A');
    world.artistB = await harness.fixture.createArtist(world.otherOwner, 'Artist B');
    world.trackA0 = await harness.publish(world.artistA);
    world.trackA1 = await harness.publish(world.artistA);
    world.trackA2 = await harness.publish(world.artistA);
    world.trackB0 = await harness.publish(world.artistB);
    world.database = await world.backend.createDatabase();
    world.server = await harness.startServer({ store: await world.database.open(), ownsStore: true });
    world.listenerKeys = harness.listenerKeys();
  });
  after(async () => {
    await world.harness?.close();
    await world.backend?.stop();
  });
  return world;
}

/** A refusal in the protocol's error shape (PROTOCOL.md §5), with a message that says what happened. */
export function assertRefused(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status} ${answer.text}`);
  const error = answer.body.error as { code?: unknown; message?: unknown } | undefined;
  assert.equal(error?.code, code, answer.text);
  assert.equal(typeof error?.message, 'string');
  assert.ok((error?.message as string).length > 10, 'the message says what happened');
  assert.equal('envelope' in answer.body, false, 'a refusal releases nothing');
}

export function idOf(track: PublishedTrack): { artist: string; trackId: string } {
  return { artist: track.artist, trackId: String(track.trackId) };
}

/** An address with one letter's case flipped: a broken EIP-55 checksum. */
export function flipChecksum(address: string): string {
  const index = [...address].findIndex((char, position) => position > 1 && /[a-fA-F]/.test(char));
  const char = address[index] ?? '';
  const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
  return address.slice(0, index) + flipped + address.slice(index + 1);
}

/** The real chain, calling `onCall` before every read. */
export function countCalls(chain: ChainReader, onCall: () => void): ChainReader {
  return new Proxy(chain, {
    get(target, name) {
      const read: unknown = Reflect.get(target, name);
      if (typeof read !== 'function') return read;
      return (...args: unknown[]): unknown => {
        onCall();
        return read.apply(target, args);
      };
    },
  });
}
