import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { keyCommitment } from '../../protocol/keyCommitment';
import { openLibraryDatabase } from '../library/database';
import { KeyVault, VaultError } from './keyVault';

const track = { chainId: 31337, artist: '0x' + 'AB'.repeat(20), trackId: 7 };
let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-vault-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('a committed key is kept, found again after reopening, and stored only wrapped', async () => {
  const file = join(workDir, 'kept.sqlite');
  const vaultKey = randomBytes(32);
  const contentKey = randomBytes(32);
  const db = openLibraryDatabase(file);
  const vault = new KeyVault(db, vaultKey);
  assert.equal(vault.get(track), null);
  assert.equal(vault.has(track), false);
  vault.put(track, contentKey, keyCommitment(contentKey));
  vault.put(track, contentKey, keyCommitment(contentKey)); // a retried unlock changes nothing
  db.close();

  const reopened = openLibraryDatabase(file);
  const again = new KeyVault(reopened, vaultKey);
  // The address is matched whatever its case.
  assert.deepEqual(again.get({ ...track, artist: track.artist.toLowerCase() }), contentKey);
  assert.equal(again.has(track), true);
  assert.equal(again.get({ ...track, trackId: 8 }), null);
  reopened.close();

  const bytes = await readFile(file);
  assert.equal(bytes.includes(contentKey), false, 'the content key must not be in the file in clear');
});

test('a key that misses the on-chain commitment is refused and not stored', () => {
  const db = openLibraryDatabase(join(workDir, 'mismatch.sqlite'));
  const vault = new KeyVault(db, randomBytes(32));
  const contentKey = randomBytes(32);
  assert.throws(
    () => vault.put(track, contentKey, keyCommitment(randomBytes(32))),
    (error: unknown) => error instanceof VaultError && error.code === 'KEY_MISMATCH',
  );
  assert.throws(() => vault.put(track, randomBytes(31), keyCommitment(contentKey)), VaultError);
  assert.equal(vault.has(track), false);
  db.close();
});

test('a copied library opened with another vault key reveals no key', async () => {
  const file = join(workDir, 'copied.sqlite');
  const db = openLibraryDatabase(file);
  const contentKey = randomBytes(32);
  new KeyVault(db, randomBytes(32)).put(track, contentKey, keyCommitment(contentKey));
  db.close();
  const copy = join(workDir, 'copy.sqlite');
  await copyFile(file, copy);

  const stolen = openLibraryDatabase(copy);
  assert.throws(
    () => new KeyVault(stolen, randomBytes(32)).get(track),
    (error: unknown) => error instanceof VaultError && error.code === 'VAULT_KEY_WRONG',
  );
  stolen.close();
});

test("entries are bound to their track: a wrapped key moved to another track's row does not open", () => {
  const db = openLibraryDatabase(join(workDir, 'swap.sqlite'));
  const vaultKey = randomBytes(32);
  const vault = new KeyVault(db, vaultKey);
  const contentKey = randomBytes(32);
  vault.put(track, contentKey, keyCommitment(contentKey));
  db.prepare('UPDATE vault_keys SET chain_track_id = 8').run();
  assert.throws(() => vault.get({ ...track, trackId: 8 }), VaultError);
  db.close();
});

test('an entry wrapped under another vault key counts as absent and is replaced by the next put', async () => {
  const file = join(workDir, 'moved.sqlite');
  const db = openLibraryDatabase(file);
  const oldKey = randomBytes(32);
  const contentKey = randomBytes(32);
  new KeyVault(db, oldKey).put(track, contentKey, keyCommitment(contentKey));

  // The library moved to a computer whose vault key differs.
  const vault = new KeyVault(db, randomBytes(32));
  assert.equal(vault.has(track), false);
  assert.throws(
    () => vault.get(track),
    (error: unknown) => error instanceof VaultError && error.code === 'VAULT_KEY_WRONG',
  );
  vault.put(track, contentKey, keyCommitment(contentKey));
  assert.equal(vault.has(track), true);
  assert.deepEqual(vault.get(track), contentKey);
  const rows = db.prepare('SELECT COUNT(*) FROM vault_keys').pluck().get();
  assert.equal(rows, 1);
  // The old key no longer opens it: the entry was replaced, not added beside.
  assert.equal(new KeyVault(db, oldKey).has(track), false);

  // An entry that opens stays as it is: putting again keeps the same wrapped bytes.
  const before = db.prepare('SELECT wrapped_key FROM vault_keys').pluck().get();
  vault.put(track, contentKey, keyCommitment(contentKey));
  assert.deepEqual(db.prepare('SELECT wrapped_key FROM vault_keys').pluck().get(), before);
  db.close();
});
