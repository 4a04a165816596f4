// Migration 001, on both backends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestBackend } from '../../testing/testDatabases';
import { startBackend } from '../../testing/testDatabases';

for (const backendName of ['sqlite', 'postgres'] as const) {
  describe(`migration 001 on ${backendName}`, () => {
    let backend: TestBackend;
    before(async () => {
      backend = await startBackend(backendName);
    });
    after(() => backend?.stop());

    test('001 creates the identity and content key tables on an empty database', async () => {
      const store = await (await backend.createDatabase()).open({ schemaVersion: 1 });
      try {
        assert.equal(await store.loadIdentity(), null);
        assert.equal(await store.countContentKeys(), 0);
      } finally {
        await store.close();
      }
    });
  });
}
