import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { commandLineWallet } from './commandLineWallet';
import { HOST_SECRET_FILE } from './keychainSealed';
import { WalletError } from './walletError';
import { WalletStore } from './walletStore';

const anvilKey0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const anvilAddress0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-cli-wallet-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function failsWith(code: string) {
  return (error: unknown) => error instanceof WalletError && error.code === code && error.message.length > 20;
}

test('with no wallet and no key file, the command says how to get a wallet', async () => {
  await assert.rejects(commandLineWallet({}, join(dir, 'empty')), failsWith('NO_WALLET'));
});

test("the data folder's wallet signs once its passphrase is given, and not before", async () => {
  const dataDir = join(dir, 'with-wallet');
  await new WalletStore(dataDir, { scryptN: 1024 }).importPrivateKey(anvilKey0, 'correct horse');
  await assert.rejects(commandLineWallet({}, dataDir), failsWith('EMPTY_PASSPHRASE'));
  await assert.rejects(
    commandLineWallet({ BUSKER_WALLET_PASSPHRASE: 'wrong' }, dataDir),
    failsWith('WRONG_PASSPHRASE'),
  );
  const wallet = await commandLineWallet({ BUSKER_WALLET_PASSPHRASE: 'correct horse' }, dataDir);
  assert.equal(wallet.address, anvilAddress0);
});

test('a private-key file takes precedence, and a bad one is refused in words', async () => {
  const keyFile = join(dir, 'key.txt');
  await writeFile(keyFile, `${anvilKey0}\n`);
  assert.equal(
    (await commandLineWallet({ BUSKER_PRIVATE_KEY_FILE: keyFile }, join(dir, 'empty'))).address,
    anvilAddress0,
  );
  const badFile = join(dir, 'bad.txt');
  await writeFile(badFile, 'not a key');
  await assert.rejects(
    commandLineWallet({ BUSKER_PRIVATE_KEY_FILE: badFile }, dir),
    failsWith('BAD_PRIVATE_KEY'),
  );
  await assert.rejects(
    commandLineWallet({ BUSKER_PRIVATE_KEY_FILE: join(dir, 'missing.txt') }, dir),
    failsWith('BAD_PRIVATE_KEY'),
  );
});

test("the desktop app's data folder is refused with the way out, unless a key file signs", async () => {
  const dataDir = join(dir, 'desktop-app');
  await new WalletStore(dataDir, { scryptN: 1024 }).importPrivateKey(anvilKey0, 'the app secret');
  // What the desktop app leaves: its secret, sealed by the keychain (bytes only it can open).
  await writeFile(join(dataDir, HOST_SECRET_FILE), Buffer.from('sealed by the keychain'));
  for (const env of [{}, { BUSKER_WALLET_PASSPHRASE: 'the app secret' }]) {
    await assert.rejects(commandLineWallet(env, dataDir), (error: unknown) => {
      assert.ok(error instanceof WalletError && error.code === 'SEALED_BY_KEYCHAIN');
      assert.match(error.message, /sealed by this computer's keychain/);
      assert.match(error.message, /Do this in the desktop app instead/);
      assert.match(error.message, /busker wallet import --mnemonic-file <file> --data <folder>/);
      return true;
    });
  }
  const keyFile = join(dir, 'desktop-app.key');
  await writeFile(keyFile, `${anvilKey0}\n`);
  assert.equal(
    (await commandLineWallet({ BUSKER_PRIVATE_KEY_FILE: keyFile }, dataDir)).address,
    anvilAddress0,
  );
});
