// Migration 002, on both backends.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { KeyVault } from '../../keyVault';
import { MasterKey } from '../../masterKey';
import type { TestBackend } from '../../testing/testDatabases';
import { startBackend } from '../../testing/testDatabases';
import { latestSchemaVersion } from './index';

for (const backendName of ['sqlite', 'postgres'] as const) {
  describe(`migration 002 on ${backendName}`, () => {
    let backend: TestBackend;
    before(async () => {
      backend = await startBackend(backendName);
    });
    after(() => backend?.stop());

    test('002 adds used nonces to a version-1 database holding an identity and keys, keeping them', async () => {
      const database = await backend.createDatabase();
      const masterKey = MasterKey.generate();
      const track = { chainId: 31337, artist: `0x${'12'.repeat(20)}`, trackId: '3' };
      const key = randomBytes(32);
      const old = await database.open({ schemaVersion: 1 });
      const vault = await KeyVault.open(old, masterKey);
      await vault.putContentKey(track, key);
      await assert.rejects(old.recordNonce('0xaa', '0x01', 10), 'version 1 has no nonce table');
      await old.close();

      const upgraded = await database.open();
      try {
        assert.equal(latestSchemaVersion, 2);
        const reopened = await KeyVault.open(upgraded, masterKey);
        assert.deepEqual(reopened.identity, vault.identity);
        assert.deepEqual(await reopened.getContentKey(track), key);
        assert.equal(await upgraded.recordNonce('0xaa', '0x01', 10), true);
        assert.equal(await upgraded.recordNonce('0xaa', '0x01', 10), false);
      } finally {
        await upgraded.close();
      }
    });
  });
}
