// The server over time: a graceful shutdown, a restart, a stolen database and logs without secrets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChainReader } from '../chainReader';
import { KeyVault } from '../keyVault';
import { MasterKey, MasterKeyError } from '../masterKey';
import type { KeyStore } from '../store/keyStore';
import type { KeyServerApiWorld } from './keyServerApiWorld';
import { idOf } from './keyServerApiWorld';

export function serverLifecycleTests(api: KeyServerApiWorld): void {
  test('shutdown stops accepting, finishes the request in flight, then closes the database', async () => {
    const { harness, database, listener, trackA0, unlock } = api;
    let letThrough: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const store = await database.open();
    const held = await harness.startServer({
      store,
      ownsStore: true,
      wrapChain: (chain) => holdHead(chain, gate, arrived),
    });
    const answer = unlock(listener, trackA0, held);
    await inFlight;
    const closed = held.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await assert.rejects(fetch(`${held.url}/v1/info`), 'no new connections once closing');
    letThrough();
    const finished = await answer;
    assert.equal(finished.status, 200, finished.text);
    assert.ok(typeof finished.body.envelope === 'string');
    await closed;
    await assert.rejects(store.ping(), 'the database is closed');
  });

  test('a restart keeps every key and the server identity', async () => {
    const { harness, database, listener, trackA0, trackA1, trackB0, listenerKeys, unlock } = api;
    const publicKey = api.server.vault.identity.publicKey;
    await api.server.close();
    api.server = await harness.startServer({ store: await database.open(), ownsStore: true });
    assert.deepEqual(api.server.vault.identity.publicKey, publicKey);
    for (const track of [trackA0, trackA1, trackB0]) {
      const key = await api.server.vault.getContentKey({ chainId: harness.chainId, ...idOf(track) });
      assert.deepEqual(key, track.contentKey);
    }
    const answer = await unlock(listener, trackA0);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(harness.keyFromAnswer(answer, listenerKeys.privateKey, trackA0), trackA0.contentKey);
  });

  test('a copy of the database without the master key reveals no key', async () => {
    const { harness, database, trackA0, trackA1, trackB0 } = api;
    await api.server.close();
    const copy = await database.copy();
    const stolen: KeyStore = await copy.open();
    try {
      await assert.rejects(KeyVault.open(stolen, MasterKey.generate()), (error: unknown) => {
        assert.ok(error instanceof MasterKeyError);
        assert.equal(error.code, 'MASTER_KEY_MISMATCH');
        assert.match(
          error.message,
          /Start the key server with the master key this database was written with/,
        );
        return true;
      });
    } finally {
      await stolen.close();
    }
    const raw = await copy.rawBytes();
    assert.ok(raw.length > 0);
    const rawText = raw.toString('latin1');
    for (const track of [trackA0, trackA1, trackB0]) {
      assert.equal(raw.includes(track.contentKey), false, 'the raw key bytes are not on disk');
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        assert.equal(rawText.includes(track.contentKey.toString(encoding)), false, `no ${encoding} key`);
      }
    }
    assert.equal(raw.includes(api.server.vault.identity.privateKey), false, 'nor the server private key');
    api.server = await harness.startServer({ store: await database.open(), ownsStore: true });
  });

  test('no log line holds a key, an envelope, a signature or the master key', () => {
    const { harness } = api;
    const text = harness.logs.text;
    assert.ok(
      harness.logs.lines.length > 50,
      `the servers logged throughout (${harness.logs.lines.length} lines)`,
    );
    assert.match(text, /"code":"TIP_NOT_CONFIRMED"/);
    const lowered = text.toLowerCase();
    for (const secret of harness.secrets) {
      assert.equal(text.includes(secret), false, `a secret appears in the logs: ${secret.slice(0, 8)}…`);
      if (/^[0-9a-f]+$/.test(secret)) assert.equal(lowered.includes(secret), false);
    }
  });
}

/** The real chain, except that the first head read waits for `gate` (a request held in flight). */
function holdHead(chain: ChainReader, gate: Promise<void>, arrived: () => void): ChainReader {
  return {
    headBlock: async () => {
      arrived();
      await gate;
      return chain.headBlock();
    },
    isArtist: (...args) => chain.isArtist(...args),
    artistOwner: (...args) => chain.artistOwner(...args),
    trackCount: (...args) => chain.trackCount(...args),
    keyCommitment: (...args) => chain.keyCommitment(...args),
    hasAccess: (...args) => chain.hasAccess(...args),
  };
}
