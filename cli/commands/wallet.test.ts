import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Mnemonic, Wallet } from 'ethers';
import type { AnvilNode } from '../../devnet/anvilProcess';
import { startAnvil } from '../../devnet/anvilProcess';
import { anvilMnemonic } from '../../core/wallet/developmentAccounts';
import { writeNetworkFile } from '../../protocol/networkFile';
import { runBusker, type BuskerRun } from '../testSupport/runBusker';

const passphrase = 'a long enough passphrase';
const anvilAccount0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const anvilKey0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const anyAddress = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

let root: string;
let node: AnvilNode;
let localNetwork: string;
let otherNetwork: string;
let deadNetwork: string;

interface Run {
  passphrase?: string;
  stdin?: string;
}

async function busker(args: string[], run: Run = {}): Promise<BuskerRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: join(root, 'xdg') };
  delete env.BUSKER_WALLET_PASSPHRASE;
  delete env.BUSKER_NETWORK_FILE;
  if (run.passphrase !== undefined) env.BUSKER_WALLET_PASSPHRASE = run.passphrase;
  return runBusker(['wallet', ...args], { env, stdin: run.stdin });
}

let folders = 0;
function dataDir(): string {
  folders += 1;
  return join(root, `data-${folders}`);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-wallet-cli-'));
  node = await startAnvil();
  localNetwork = join(root, 'local.json');
  await writeNetworkFile(localNetwork, { chainId: 31337, rpcUrl: node.rpcUrl, factory: anyAddress });
  otherNetwork = join(root, 'other.json');
  await writeNetworkFile(otherNetwork, { chainId: 11155111, rpcUrl: node.rpcUrl, factory: anyAddress });
  deadNetwork = join(root, 'dead.json');
  await writeNetworkFile(deadNetwork, { chainId: 31337, rpcUrl: 'http://127.0.0.1:9', factory: anyAddress });
});

after(async () => {
  await node.stop();
  await rm(root, { recursive: true, force: true });
});

describe('busker wallet', () => {
  test('--help documents the actions and both ways to give the passphrase', async () => {
    const result = await busker(['--help']);
    assert.equal(result.code, 0);
    for (const text of ['create', 'import', '--mnemonic-file', '--private-key-file', 'use-dev-account <n>']) {
      assert.ok(result.stdout.includes(text), text);
    }
    assert.match(result.stdout, /BUSKER_WALLET_PASSPHRASE/);
    assert.match(result.stdout, /typed hidden at a\s+terminal/);
  });

  test('create prints the phrase once, then the wallet shows its address, balance and network', async () => {
    const data = dataDir();
    const created = await busker(['create', '--data', data], { passphrase });
    assert.equal(created.code, 0, created.stderr);
    const phrase = /\n {4}([a-z]+(?: [a-z]+){11})\n/.exec(created.stdout)?.[1];
    assert.ok(phrase && Mnemonic.isValidMnemonic(phrase), created.stdout);
    assert.match(created.stdout, /write it down/);
    const address = /address {2}(0x[0-9a-fA-F]{40})/.exec(created.stdout)?.[1];
    assert.equal(address, Wallet.fromPhrase(phrase).address);

    const file = await readFile(join(data, 'wallet.json'), 'utf8');
    assert.ok(!file.includes(phrase));

    const shown = await busker(['--data', data, '--network', localNetwork]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(!shown.stdout.includes(phrase));
    assert.match(shown.stdout, new RegExp(`address  ${address}\n`));
    assert.match(shown.stdout, /balance {2}0\.0 ETH\n/);
    assert.match(shown.stdout, /network {2}local development network \(chain 31337\)/);
    assert.match(shown.stdout, /use-dev-account/);

    const again = await busker(['create', '--data', data], { passphrase });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already a wallet .*--replace/);
  });

  test('import from files: a phrase, a key with --replace; bad ones are refused in words', async () => {
    const data = dataDir();
    const mnemonicFile = join(root, 'phrase.txt');
    await writeFile(mnemonicFile, `${anvilMnemonic}\n`);
    const imported = await busker(['import', '--mnemonic-file', mnemonicFile, '--data', data], {
      passphrase,
    });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, new RegExp(`address  ${anvilAccount0}`));

    const shown = await busker(['--data', data, '--network', localNetwork]);
    assert.match(shown.stdout, /balance {2}10000\.0 ETH\n/);

    const keyFile = join(root, 'key.txt');
    await writeFile(keyFile, `${anvilKey0}\n`);
    const refused = await busker(['import', '--private-key-file', keyFile, '--data', data], { passphrase });
    assert.equal(refused.code, 1);
    const replaced = await busker(['import', '--private-key-file', keyFile, '--replace', '--data', data], {
      passphrase,
    });
    assert.equal(replaced.code, 0, replaced.stderr);

    const badPhrase = join(root, 'bad-phrase.txt');
    await writeFile(badPhrase, 'test test test test test test test test test test test test\n');
    const bad = await busker(['import', '--mnemonic-file', badPhrase, '--data', dataDir()], { passphrase });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^busker wallet: .*fails its checksum/);

    const badKey = join(root, 'bad-key.txt');
    await writeFile(badKey, '0x1234\n');
    const badKeyResult = await busker(['import', '--private-key-file', badKey, '--data', dataDir()], {
      passphrase,
    });
    assert.equal(badKeyResult.code, 1);
    assert.match(badKeyResult.stderr, /0x followed by 64 hexadecimal digits/);
  });

  test('use-dev-account takes an anvil account on the local network only', async () => {
    const data = dataDir();
    const used = await busker(['use-dev-account', '3', '--data', data, '--network', localNetwork], {
      passphrase,
    });
    assert.equal(used.code, 0, used.stderr);
    assert.match(used.stdout, new RegExp(`address  ${node.accounts[3]?.address}`));
    assert.match(used.stdout, /public/);

    const elsewhere = await busker(['use-dev-account', '1', '--data', dataDir(), '--network', otherNetwork], {
      passphrase,
    });
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /chain 11155111, not the local development network/);

    const outOfRange = await busker(['use-dev-account', '10', '--data', data, '--network', localNetwork]);
    assert.equal(outOfRange.code, 2);
    assert.match(outOfRange.stderr, /number from 0 to 9/);
  });

  test('the passphrase may come on a pipe; with neither it fails in words', async () => {
    const piped = await busker(['use-dev-account', '0', '--data', dataDir(), '--network', localNetwork], {
      stdin: `${passphrase}\n`,
    });
    assert.equal(piped.code, 0, piped.stderr);

    const data = dataDir();
    const none = await busker(['create', '--data', data]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No passphrase: set BUSKER_WALLET_PASSPHRASE/);
    const shown = await busker(['--data', data, '--network', localNetwork]);
    assert.equal(shown.code, 1);
    assert.match(shown.stderr, /no wallet at .*busker wallet create/);
  });

  test('a weak passphrase is refused in words by the same rule as the app, and nothing is written', async () => {
    const data = dataDir();
    const short = await busker(['create', '--data', data], { passphrase: 'abc' });
    assert.equal(short.code, 1);
    assert.equal(
      short.stderr,
      'busker wallet: Choose a longer passphrase: at least 10 characters (this one has 3). ' +
        'A few words in a row are easy to remember. Nothing was changed.\n',
    );
    assert.doesNotMatch(short.stdout, /recovery phrase/i);
    const piped = await busker(['use-dev-account', '0', '--data', data, '--network', localNetwork], {
      stdin: 'aaaaaaaaaaaa\n',
    });
    assert.equal(piped.code, 1);
    assert.match(piped.stderr, /Choose a passphrase with more different characters/);
    const shown = await busker(['--data', data, '--network', localNetwork]);
    assert.match(shown.stderr, /no wallet at/);
  });

  test('a network that is down or missing is reported, with the address still shown', async () => {
    const data = dataDir();
    assert.equal(
      (await busker(['use-dev-account', '0', '--data', data, '--network', localNetwork], { passphrase }))
        .code,
      0,
    );
    const dead = await busker(['--data', data, '--network', deadNetwork]);
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, /did not answer/);

    const missing = await busker(['--data', data, '--network', join(root, 'nowhere.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, new RegExp(`address  ${anvilAccount0}`));
    assert.match(missing.stderr, /No network file at/);
  });

  test('wrong usage: secrets on the command line, both or no files, unknown actions', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['import', '--private-key', anvilKey0], /--private-key/],
      [['import'], /exactly one of --mnemonic-file/],
      [['import', '--mnemonic-file', 'a', '--private-key-file', 'b'], /exactly one of/],
      [['frobnicate'], /unknown wallet action "frobnicate"/],
      [['create', '--network', localNetwork], /--network does not apply/],
      [['use-dev-account'], /Which development account/],
    ];
    for (const [args, message] of cases) {
      const result = await busker([...args, '--data', dataDir()]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.ok(!result.stderr.includes(anvilKey0), 'the key is echoed');
    }
  });
});
