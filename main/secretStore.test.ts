import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AppError } from '../core/errors';
import { HOST_SECRET_FILE, createHostSecretProvider } from './secretStore';
import { safeStorage } from './testSupport/fakeElectron';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'busker-secret-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('the secret is made once, stored only through safeStorage, and the same in the next session', async () => {
  const dir = await dataDir();
  const first = await createHostSecretProvider(safeStorage, dir)();
  assert.match(first, /^[0-9a-f]{64}$/);
  const stored = await readFile(join(dir, HOST_SECRET_FILE));
  assert.ok(!stored.toString().includes(first), 'the secret is never on disk in clear');
  assert.equal(safeStorage.decryptString(stored), first);
  assert.equal(await createHostSecretProvider(safeStorage, dir)(), first);
});

test('two providers starting at once agree on one secret', async () => {
  const dir = await dataDir();
  const [a, b] = await Promise.all([
    createHostSecretProvider(safeStorage, dir)(),
    createHostSecretProvider(safeStorage, dir)(),
  ]);
  assert.equal(a, b);
});

test('no keychain, or a secret it cannot open, is an error in words', async () => {
  const dir = await dataDir();
  safeStorage.available = false;
  try {
    await assert.rejects(createHostSecretProvider(safeStorage, dir)(), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.match(error.message, /secure storage \(the keychain\) is not available/);
      return true;
    });
  } finally {
    safeStorage.available = true;
  }
  await writeFile(join(dir, HOST_SECRET_FILE), 'not from this keychain');
  await assert.rejects(createHostSecretProvider(safeStorage, dir)(), /keychain cannot open Busker's secret/);
});

/** Another computer's keychain: it cannot open what this one stored, and the reverse. */
const otherKeychain = {
  isEncryptionAvailable: () => true,
  encryptString: (text: string) => Buffer.from(`other:${text}`),
  decryptString: (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('other:')) throw new Error('Error while decrypting the ciphertext.');
    return text.slice('other:'.length);
  },
};

test('a secret this keychain cannot open is replaced, after the caller has used the fresh one', async () => {
  const dir = await dataDir();
  const old = await createHostSecretProvider(safeStorage, dir)();
  const moved = createHostSecretProvider(otherKeychain, dir);
  await assert.rejects(moved(), /keychain cannot open Busker's secret/);
  assert.equal(await moved.unreadable(), true);

  // The caller fails: nothing is replaced, and the next try is offered the same way.
  await assert.rejects(
    moved.replaceUnreadable(async () => {
      throw new Error('bad recovery phrase');
    }),
    /bad recovery phrase/,
  );
  assert.equal(safeStorage.decryptString(await readFile(join(dir, HOST_SECRET_FILE))), old);

  let used = '';
  const fresh = await moved.replaceUnreadable(async (secret) => {
    used = secret;
  });
  assert.equal(used, fresh);
  assert.match(fresh, /^[0-9a-f]{64}$/);
  assert.notEqual(fresh, old);
  assert.equal(await moved(), fresh);
  assert.equal(await moved.unreadable(), false);
  assert.equal(await createHostSecretProvider(otherKeychain, dir)(), fresh, 'kept for the next session');
});

test('a secret that opens, or a keychain that is not available, is never replaced', async () => {
  const dir = await dataDir();
  const secret = await createHostSecretProvider(safeStorage, dir)();
  let called = false;
  const use = async () => {
    called = true;
  };
  await assert.rejects(
    createHostSecretProvider(safeStorage, dir).replaceUnreadable(use),
    /nothing was replaced/,
  );
  safeStorage.available = false;
  try {
    await assert.rejects(
      createHostSecretProvider(safeStorage, dir).replaceUnreadable(use),
      /secure storage \(the keychain\) is not available/,
    );
  } finally {
    safeStorage.available = true;
  }
  assert.equal(called, false);
  assert.equal(await createHostSecretProvider(safeStorage, dir)(), secret);
});
