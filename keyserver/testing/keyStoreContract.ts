// What every KeyStore backend must do, as one suite run against each (sqliteKeyStore.test.ts,
// postgresKeyStore.test.ts), on a real database.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MasterKey, MasterKeyError } from '../masterKey';
import { KeyVault, rotateMasterKey, sealedRowAad } from '../keyVault';
import type { KeyStore, TrackRef } from '../store/keyStore';
import { KeyStoreError } from '../store/keyStore';
import type { TestBackend } from './testDatabases';
import { startBackend } from './testDatabases';

const track = (trackId: number, artist = `0x${'ab'.repeat(20)}`): TrackRef => ({
  chainId: 31337,
  artist,
  trackId: String(trackId),
});

export function describeKeyStoreContract(backendName: TestBackend['name']): void {
  describe(`KeyStore on ${backendName}`, () => {
    let backend: TestBackend;
    before(async () => {
      backend = await startBackend(backendName);
    });
    after(() => backend?.stop());

    const withStore = async (work: (store: KeyStore) => Promise<void>): Promise<void> => {
      const store = await (await backend.createDatabase()).open();
      try {
        await work(store);
      } finally {
        await store.close();
      }
    };

    test('keeps one identity: the first saved wins, also when two are saved at once', () =>
      withStore(async (store) => {
        assert.equal(await store.loadIdentity(), null);
        const identities = Array.from({ length: 4 }, () => ({
          sealedPrivateKey: randomBytes(60),
          publicKey: randomBytes(32),
        }));
        const saved = await Promise.all(identities.map((identity) => store.saveIdentityIfAbsent(identity)));
        const stored = await store.loadIdentity();
        assert.ok(stored);
        assert.ok(identities.some((identity) => identity.publicKey.equals(stored.publicKey)));
        for (const result of saved) assert.deepEqual(result, stored);
      }));

    test('stores, replaces and counts sealed content keys per track', () =>
      withStore(async (store) => {
        const first = randomBytes(69);
        const second = randomBytes(69);
        await store.putContentKey(track(0), first, 1);
        await store.putContentKey(track(1), randomBytes(69), 2);
        assert.deepEqual(await store.getContentKey(track(0)), first);
        await store.putContentKey(track(0), second, 3);
        assert.deepEqual(await store.getContentKey(track(0)), second);
        assert.equal(await store.getContentKey(track(2)), null);
        assert.equal(await store.getContentKey({ ...track(0), chainId: 1 }), null);
        assert.equal(await store.countContentKeys(), 2);
        // uint256 track ids do not fit any SQL integer: they are kept exactly.
        const huge = { ...track(0), trackId: ((1n << 256n) - 1n).toString() };
        await store.putContentKey(huge, first, 4);
        assert.deepEqual(await store.getContentKey(huge), first);
      }));

    test('accepts a nonce once per signer, atomically, until it is pruned after its deadline', () =>
      withStore(async (store) => {
        const nonce = `0x${randomBytes(32).toString('hex')}`;
        const results = await Promise.all(
          Array.from({ length: 8 }, () => store.recordNonce('0xaa', nonce, 100)),
        );
        assert.equal(results.filter(Boolean).length, 1, 'exactly one concurrent insert wins');
        assert.equal(await store.recordNonce('0xbb', nonce, 100), true, 'another signer has its own nonces');
        assert.equal(await store.recordNonce('0xcc', nonce, 300), true);
        assert.equal(await store.pruneNonces(200), 2, 'the two nonces with deadline 100 go');
        assert.equal(await store.recordNonce('0xaa', nonce, 400), true);
        assert.equal(await store.recordNonce('0xcc', nonce, 300), false, 'a nonce still in its time is kept');
      }));

    test('rewraps every sealed row in one transaction, and nothing when one row fails', () =>
      withStore(async (store) => {
        const oldKey = MasterKey.generate();
        const newKey = MasterKey.generate();
        const vault = await KeyVault.open(store, oldKey);
        const keys = [randomBytes(32), randomBytes(32), randomBytes(32)];
        for (const [index, key] of keys.entries()) await vault.putContentKey(track(index), key);

        const before = await store.getContentKey(track(0));
        await assert.rejects(
          store.rewrapAll((sealed, row) => {
            if (row.kind === 'contentKey' && row.track.trackId === '2') throw new Error('fails midway');
            return newKey.seal(oldKey.open(sealed, sealedRowAad(row)), sealedRowAad(row));
          }),
          /fails midway/,
        );
        assert.deepEqual(await store.getContentKey(track(0)), before, 'the failed rotation changed nothing');

        assert.equal(await rotateMasterKey(store, oldKey, newKey), 4, 'the identity and three keys');
        await assert.rejects(KeyVault.open(store, oldKey), (error: unknown) => {
          assert.ok(error instanceof MasterKeyError);
          assert.equal(error.code, 'MASTER_KEY_MISMATCH');
          return true;
        });
        const rotated = await KeyVault.open(store, newKey);
        assert.deepEqual(rotated.identity, vault.identity, 'the identity survives rotation');
        for (const [index, key] of keys.entries())
          assert.deepEqual(await rotated.getContentKey(track(index)), key);
      }));

    test('keeps everything across close and reopen', async () => {
      const database = await backend.createDatabase();
      const masterKey = MasterKey.generate();
      const key = randomBytes(32);
      const first = await database.open();
      const vault = await KeyVault.open(first, masterKey);
      await vault.putContentKey(track(7), key);
      await first.recordNonce('0xaa', '0x01', 2 ** 40);
      await first.close();

      const second = await database.open();
      try {
        const reopened = await KeyVault.open(second, masterKey);
        assert.deepEqual(reopened.identity, vault.identity);
        assert.deepEqual(await reopened.getContentKey(track(7)), key);
        assert.equal(await second.recordNonce('0xaa', '0x01', 2 ** 40), false);
        await second.ping();
      } finally {
        await second.close();
      }
    });

    test('refuses a database written by a newer key server', async () => {
      const database = await backend.createDatabase();
      await (await database.open()).close();
      await database.exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)",
      );
      await assert.rejects(database.open(), (error: unknown) => {
        assert.ok(error instanceof KeyStoreError);
        assert.equal(error.code, 'SCHEMA_TOO_NEW');
        assert.match(error.message, /schema version 99/);
        return true;
      });
    });
  });
}
