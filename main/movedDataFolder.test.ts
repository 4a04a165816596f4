import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AppBackend } from '../core/api/appBackend';
import { openBackend } from '../core/app/openBackend';
import { AppError } from '../core/errors';
import type { SecretKeeper } from './secretStore';
import { createHostSecretProvider, HOST_SECRET_FILE } from './secretStore';
import { safeStorage } from './testSupport/fakeElectron';

// The desktop app's data folder copied to another computer, whose keychain cannot open the
// copied host secret: importing the wallet again from its recovery phrase makes the move work.
const phrase = 'test test test test test test test test test test test junk';
const phraseAddress = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

/** The new computer's keychain: it cannot open what the old one stored. */
const newKeychain: SecretKeeper = {
  isEncryptionAvailable: () => true,
  encryptString: (text: string) => Buffer.from(`new:${text}`),
  decryptString: (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('new:')) throw new Error('Error while decrypting the ciphertext.');
    return text.slice('new:'.length);
  },
};

const dirs: string[] = [];
const backends: AppBackend[] = [];
after(async () => {
  for (const backend of backends) await backend.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function open(dataDir: string, keeper: SecretKeeper): AppBackend {
  const backend = openBackend({
    dataDir,
    host: 'electron',
    market: {
      hostSecret: createHostSecretProvider(keeper, dataDir),
      networkFile: join(dataDir, 'no-network.json'),
      syncIntervalMs: 0,
      walletScryptN: 2 ** 10,
      vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
      onProblem: () => undefined,
    },
  });
  backends.push(backend);
  return backend;
}

function hasCode(code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  };
}

async function unlocked(backend: AppBackend): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await backend.api.walletState()).status === 'unlocked') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail('the wallet did not unlock by itself');
}

test('a moved data folder: importing the wallet replaces the secret and wallet this computer cannot open', async () => {
  const oldDir = await mkdtemp(join(tmpdir(), 'busker-old-computer-'));
  const newDir = await mkdtemp(join(tmpdir(), 'busker-new-computer-'));
  dirs.push(oldDir, newDir);
  const before = open(oldDir, safeStorage);
  await before.api.setUpWallet({ kind: 'mnemonic', mnemonic: phrase, passphrase: '' });
  await before.close();
  await cp(oldDir, newDir, { recursive: true });
  const copiedSecret = await readFile(join(newDir, HOST_SECRET_FILE));

  const moved = open(newDir, newKeychain);
  // The copied wallet cannot be opened here, so the app offers to set one up (and import it).
  const state = await moved.api.walletState();
  assert.equal(state.status, 'none');
  assert.equal(state.address, null);
  await assert.rejects(moved.api.unlockTrack(1), hasCode('WALLET_MISSING', /Set up a wallet first/));
  const cannotOpen = hasCode('UNAVAILABLE', /import your wallet again from its recovery phrase/);
  await assert.rejects(moved.api.unlockWallet(''), cannotOpen);
  // Only an import replaces it: a new wallet would not restore the account.
  await assert.rejects(moved.api.setUpWallet({ kind: 'create', passphrase: '' }), cannotOpen);
  // A phrase that is not one replaces nothing.
  await assert.rejects(
    moved.api.setUpWallet({ kind: 'mnemonic', mnemonic: 'one two three', passphrase: '' }),
    hasCode('BAD_REQUEST', /words/),
  );
  assert.deepEqual(await readFile(join(newDir, HOST_SECRET_FILE)), copiedSecret);

  const imported = await moved.api.setUpWallet({ kind: 'mnemonic', mnemonic: phrase, passphrase: '' });
  assert.deepEqual(imported, { address: phraseAddress, mnemonic: null });
  assert.equal((await moved.api.walletState()).status, 'unlocked');
  assert.match(newKeychain.decryptString(await readFile(join(newDir, HOST_SECRET_FILE))), /^[0-9a-f]{64}$/);
  await moved.close();

  // The next start unlocks by itself, and the wallet that now opens is kept.
  const next = open(newDir, newKeychain);
  await unlocked(next);
  await assert.rejects(
    next.api.setUpWallet({ kind: 'mnemonic', mnemonic: phrase, passphrase: '' }),
    hasCode('WALLET_EXISTS'),
  );
  // The old computer's copy is untouched.
  const old = open(oldDir, safeStorage);
  await unlocked(old);
});
