import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Mnemonic } from 'ethers';
import { anvilMnemonic } from './developmentAccounts';
import { WalletError } from './walletError';
import { WalletStore } from './walletStore';

const anvilAccount0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const anvilKey0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const secret = 'correct horse battery staple';
// Tests only: ethers' default (2^17) takes about half a second per encryption.
const scryptN = 2 ** 10;

let root: string;
let count = 0;

function newStore(): WalletStore {
  count += 1;
  return new WalletStore(join(root, `data-${count}`), { scryptN });
}

function isWalletError(code: WalletError['code'], message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WalletError, `expected a WalletError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-wallet-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('create and unlock', () => {
  test('a new wallet unlocks to its address, and its phrase is shown only on request', async () => {
    const store = newStore();
    assert.equal(await store.exists(), false);
    const created = await store.create(secret);
    assert.deepEqual(Object.keys(created), ['address']);
    assert.equal(await store.exists(), true);
    assert.equal(await store.address(), created.address);

    const wallet = await store.unlock(secret);
    assert.equal(wallet.address, created.address);
    assert.equal(wallet.provider, null);

    const phrase = await store.revealMnemonic(secret);
    assert.equal(phrase.split(' ').length, 12);
    assert.ok(Mnemonic.isValidMnemonic(phrase));
  });

  test('the file is a 0600 keystore holding the address, and no secret in clear', async () => {
    const store = newStore();
    const { address } = await store.create(secret);
    const phrase = await store.revealMnemonic(secret);
    const privateKey = (await store.unlock(secret)).privateKey;

    const bytes = await readFile(store.file);
    const text = bytes.toString('utf8').toLowerCase();
    assert.ok(!text.includes(privateKey.slice(2).toLowerCase()), 'the private key is in clear');
    assert.ok(!text.includes(phrase), 'the phrase is in clear');
    // Hex cannot spell most words; any word of 4+ letters among the file's values would be a leak.
    // (Its field names are fixed, and some are words: "gethFilename" holds the BIP-39 word "name".)
    const values = stringValues(JSON.parse(bytes.toString('utf8')))
      .join('\n')
      .toLowerCase();
    for (const word of new Set(phrase.split(' '))) {
      if (word.length >= 4 && /[g-z]/.test(word)) assert.ok(!values.includes(word), `"${word}" is in clear`);
    }
    const entropy = Mnemonic.fromPhrase(phrase).entropy.slice(2);
    assert.ok(!text.includes(entropy), 'the phrase entropy is in clear');

    const json = JSON.parse(bytes.toString('utf8')) as { address: string; Crypto?: { kdf: string } };
    assert.equal(`0x${json.address}`.toLowerCase(), address.toLowerCase());
    assert.equal(json.Crypto?.kdf, 'scrypt');

    if (process.platform !== 'win32') assert.equal((await stat(store.file)).mode & 0o777, 0o600);
    // No temporary file is left beside it.
    assert.deepEqual(await readdir(join(store.file, '..')), ['wallet.json']);
  });

  test('ethers reads the keystore too (it is the standard format)', async () => {
    const { Wallet } = await import('ethers');
    const store = newStore();
    const { address } = await store.importMnemonic(anvilMnemonic, secret);
    const wallet = await Wallet.fromEncryptedJson(await readFile(store.file, 'utf8'), secret);
    assert.equal(wallet.address, address);
  });

  test("the default scrypt cost is ethers' own", async () => {
    const store = new WalletStore(join(root, 'default-cost'));
    await store.importPrivateKey(anvilKey0, secret);
    const json = JSON.parse(await readFile(store.file, 'utf8')) as { Crypto: { kdfparams: { n: number } } };
    assert.equal(json.Crypto.kdfparams.n, 2 ** 17);
  });
});

describe('refusals', () => {
  test('a wrong passphrase is refused in words', async () => {
    const store = newStore();
    await store.create(secret);
    await assert.rejects(
      store.unlock('not the passphrase'),
      isWalletError('WRONG_PASSPHRASE', /^That passphrase does not unlock this wallet\.$/),
    );
    await assert.rejects(store.revealMnemonic('nope'), isWalletError('WRONG_PASSPHRASE'));
  });

  test('an existing wallet is not overwritten unless asked', async () => {
    const store = newStore();
    const first = await store.create(secret);
    await assert.rejects(store.create(secret), isWalletError('WALLET_EXISTS', /already a wallet/));
    await assert.rejects(store.importMnemonic(anvilMnemonic, secret), isWalletError('WALLET_EXISTS'));
    await assert.rejects(store.importPrivateKey(anvilKey0, secret), isWalletError('WALLET_EXISTS'));
    assert.equal(await store.address(), first.address);

    const replaced = await store.importPrivateKey(anvilKey0, 'another passphrase', { replace: true });
    assert.equal(replaced.address, anvilAccount0);
    assert.equal((await store.unlock('another passphrase')).address, anvilAccount0);
  });

  test('two creates racing: one wins, the other is refused', async () => {
    const store = newStore();
    const results = await Promise.allSettled([store.create(secret), store.create(secret)]);
    const won = results.filter((result) => result.status === 'fulfilled');
    assert.equal(won.length, 1);
    const lost = results.find((result) => result.status === 'rejected');
    assert.ok(lost && isWalletError('WALLET_EXISTS')(lost.reason));
    assert.equal(await store.address(), won[0]?.value.address);
  });

  test('an empty passphrase is refused', async () => {
    await assert.rejects(newStore().create(''), isWalletError('EMPTY_PASSPHRASE'));
  });

  test('a weak passphrase is refused by the meter’s rule, on every way in, and nothing is written', async () => {
    const store = newStore();
    await assert.rejects(
      store.create('abc'),
      isWalletError(
        'WEAK_PASSPHRASE',
        /^Choose a longer passphrase: at least 10 characters \(this one has 3\)/,
      ),
    );
    await assert.rejects(
      store.importMnemonic(anvilMnemonic, 'aaaaaaaaaaaa'),
      isWalletError('WEAK_PASSPHRASE', /more different characters/),
    );
    await assert.rejects(store.importPrivateKey(anvilKey0, '123456789'), isWalletError('WEAK_PASSPHRASE'));
    assert.equal(await store.exists(), false);
    await store.create(secret);
    await assert.rejects(
      store.importPrivateKey(anvilKey0, 'short', { replace: true }),
      isWalletError('WEAK_PASSPHRASE'),
    );
    assert.notEqual(await store.address(), anvilAccount0, 'the wallet in place is kept');
  });

  test('no wallet: address and unlock say so', async () => {
    const store = newStore();
    await assert.rejects(store.address(), isWalletError('NO_WALLET', /There is no wallet at /));
    await assert.rejects(store.unlock(secret), isWalletError('NO_WALLET'));
    assert.equal(await store.remove(), false);
  });

  test('a damaged file is reported as damaged, not as a wrong passphrase', async () => {
    const store = newStore();
    await store.create(secret);
    const json = await readFile(store.file, 'utf8');

    await writeFile(store.file, json.slice(0, json.length / 2));
    await assert.rejects(store.address(), isWalletError('DAMAGED', /is damaged: it is not valid JSON/));
    await assert.rejects(store.unlock(secret), isWalletError('DAMAGED'));

    await writeFile(store.file, JSON.stringify({ hello: 'world' }));
    await assert.rejects(store.unlock(secret), isWalletError('DAMAGED', /not a JSON keystore/));

    const parsed = JSON.parse(json) as { address: string; Crypto: { kdfparams: { n: number } } };
    await writeFile(store.file, JSON.stringify({ ...parsed, address: 'zz' }));
    await assert.rejects(store.address(), isWalletError('DAMAGED', /address/));

    await writeFile(
      store.file,
      JSON.stringify({
        ...parsed,
        Crypto: { ...parsed.Crypto, kdfparams: { ...parsed.Crypto.kdfparams, n: 3 } },
      }),
    );
    await assert.rejects(store.unlock(secret), isWalletError('DAMAGED', /encrypted key/));

    await writeFile(store.file, JSON.stringify({ ...parsed, address: anvilAccount0.slice(2).toLowerCase() }));
    await assert.rejects(store.unlock(secret), isWalletError('DAMAGED'));
  });

  test('remove deletes the wallet', async () => {
    const store = newStore();
    await store.create(secret);
    assert.equal(await store.remove(), true);
    assert.equal(await store.exists(), false);
  });
});

describe('import', () => {
  test("anvil's mnemonic imports as its account 0", async () => {
    const store = newStore();
    const { address } = await store.importMnemonic(`  ${anvilMnemonic.toUpperCase()}\n`, secret);
    assert.equal(address, anvilAccount0);
    assert.equal((await store.unlock(secret)).privateKey, anvilKey0);
    assert.equal(await store.revealMnemonic(secret), anvilMnemonic);
  });

  test('a private key imports, and has no phrase to reveal', async () => {
    const store = newStore();
    const { address } = await store.importPrivateKey(`${anvilKey0}\n`, secret);
    assert.equal(address, anvilAccount0);
    await assert.rejects(store.revealMnemonic(secret), isWalletError('NO_MNEMONIC', /private key/));
  });

  test('bad phrases are refused with what is wrong, never echoing them', async () => {
    const store = newStore();
    const cases: Array<[string, RegExp]> = [
      ['test test test', /12, 15, 18, 21 or 24 words; this one has 3/],
      ['test test test test test test test test test test test jnuk', /Word 12 .* not a BIP-39 English word/],
      ['test test test test test test test test test test test test', /fails its checksum/],
      ['', /this one has 0/],
    ];
    for (const [phrase, message] of cases) {
      await assert.rejects(store.importMnemonic(phrase, secret), (error: unknown) => {
        isWalletError('BAD_MNEMONIC', message)(error);
        assert.ok(!(error as Error).message.includes('test test'), 'the phrase is echoed');
        return true;
      });
    }
    assert.equal(await store.exists(), false);
  });

  test('bad private keys are refused with what is wrong', async () => {
    const store = newStore();
    const cases: Array<[string, RegExp]> = [
      [anvilKey0.slice(2), /0x followed by 64 hexadecimal digits/],
      [anvilKey0.slice(0, -2), /0x followed by 64/],
      [`${anvilKey0.slice(0, -1)}g`, /0x followed by 64/],
      [`0x${'0'.repeat(64)}`, /not a valid private key/],
      [`0x${'f'.repeat(64)}`, /curve order/],
    ];
    for (const [key, message] of cases) {
      await assert.rejects(store.importPrivateKey(key, secret), isWalletError('BAD_PRIVATE_KEY', message));
    }
    assert.equal(await store.exists(), false);
  });
});

/** Every string value in a parsed JSON document, at any depth. */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(stringValues);
}
