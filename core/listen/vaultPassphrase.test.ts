import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { keyCommitment } from '../../protocol/keyCommitment';
import { KeyVault } from '../unlock/keyVault';
import { VAULT_KEY_FILE_NAME, deriveVaultKey } from './vaultPassphrase';
import { migrateLibrarySchema } from '../library/database';

const root = mkdtempSync(join(tmpdir(), 'busker-vault-passphrase-'));
after(() => rmSync(root, { recursive: true, force: true }));
const cheap = { N: 2 ** 10, r: 8, p: 1 };

test('the same passphrase in the same data folder gives the same key; another folder or passphrase does not', async () => {
  const folder = join(root, 'a');
  const key = await deriveVaultKey('correct horse', folder, cheap);
  assert.equal(key.length, 32);
  assert.deepEqual(await deriveVaultKey('correct horse', folder, cheap), key);
  // Unicode normalisation: the same passphrase typed as composed or decomposed characters.
  const nfc = await deriveVaultKey('café', folder, cheap);
  assert.deepEqual(await deriveVaultKey('cafe\u0301', folder, cheap), nfc);
  assert.notDeepEqual(await deriveVaultKey('wrong horse', folder, cheap), key);
  assert.notDeepEqual(await deriveVaultKey('correct horse', join(root, 'b'), cheap), key);

  const saved = JSON.parse(readFileSync(join(folder, VAULT_KEY_FILE_NAME), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.keys(saved).sort(), ['N', 'p', 'r', 'salt', 'version']);
  assert.ok(!JSON.stringify(saved).includes('horse'));
});

test('a vault locked with one passphrase is refused with another, in words', async () => {
  const folder = join(root, 'vault');
  const db = new Database(':memory:');
  migrateLibrarySchema(db);
  const track = { chainId: 31337, artist: `0x${'ab'.repeat(20)}`, trackId: 0 };
  const contentKey = randomBytes(32);
  new KeyVault(db, await deriveVaultKey('right', folder, cheap)).put(
    track,
    contentKey,
    keyCommitment(contentKey),
  );
  assert.deepEqual(new KeyVault(db, await deriveVaultKey('right', folder, cheap)).get(track), contentKey);
  const wrongKey = await deriveVaultKey('wrong', folder, cheap);
  assert.throws(() => new KeyVault(db, wrongKey).get(track), /another passphrase/);
  db.close();
});

test('an empty passphrase or a damaged salt file is an error in words', async () => {
  await assert.rejects(deriveVaultKey('', join(root, 'empty'), cheap), /passphrase is empty/);
  const folder = join(root, 'damaged');
  await deriveVaultKey('x', folder, cheap);
  writeFileSync(join(folder, VAULT_KEY_FILE_NAME), '{"version":1,"salt":"!!"}');
  await assert.rejects(deriveVaultKey('x', folder, cheap), /is damaged/);
});
