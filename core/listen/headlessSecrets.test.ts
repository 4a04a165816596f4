import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deriveSessionKeys } from '../app/sessionKeys';
import { oldVaultVariableNotice, vaultKeyFromEnvironment } from './headlessSecrets';
import { deriveVaultKey } from './vaultPassphrase';

const cheap = { N: 2 ** 10, r: 8, p: 1 };
let dataDir: string;
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'busker-headless-secrets-'));
  // The first derivation writes the folder's salt and cost; a cheap one keeps the test fast.
  await deriveVaultKey('set-up', dataDir, cheap);
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test("the wallet's passphrase opens the vault busker serve opens with it", async () => {
  const fromCommand = await vaultKeyFromEnvironment({ BUSKER_WALLET_PASSPHRASE: 'correct horse' }, dataDir);
  const fromServe = (await deriveSessionKeys('correct horse', dataDir)).vaultKey;
  assert.deepEqual(fromCommand, fromServe);
  assert.equal(oldVaultVariableNotice({ BUSKER_WALLET_PASSPHRASE: 'correct horse' }), null);
});

test('the old BUSKER_VAULT_PASSPHRASE still opens the vault it made, first, with a notice', async () => {
  const env = { BUSKER_VAULT_PASSPHRASE: 'old vault', BUSKER_WALLET_PASSPHRASE: 'correct horse' };
  assert.deepEqual(await vaultKeyFromEnvironment(env, dataDir), await deriveVaultKey('old vault', dataDir));
  assert.match(oldVaultVariableNotice(env) ?? '', /this release only: set BUSKER_WALLET_PASSPHRASE/);
});

test('without a passphrase it says which variable to set', async () => {
  await assert.rejects(vaultKeyFromEnvironment({}, dataDir), {
    code: 'BAD_REQUEST',
    message: /set BUSKER_WALLET_PASSPHRASE\.$/,
  });
});
