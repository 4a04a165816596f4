// `busker keyserver` as a real process: configuration mistakes, starting against a network file,
// graceful stop on SIGTERM, master key rotation, and the built command's crypto threads.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Wallet } from 'ethers';
import { startAnvil } from '../../devnet/anvilProcess';
import type { AnvilNode } from '../../devnet/anvilProcess';
import { deployFactory } from '../../devnet/deploy';
import { keyServerDomain, signUnlockRequest } from '../../protocol/keyServerTypedData';
import { writeNetworkFile } from '../../protocol/networkFile';
import { createProvider } from '../../protocol/rpcProvider';
import { generateX25519KeyPair } from '../../protocol/envelope';
import { KeyVault } from '../../keyserver/keyVault';
import { MasterKey, MasterKeyError } from '../../keyserver/masterKey';
import { openKeyStore } from '../../keyserver/store/openKeyStore';

const fromSource = ['--import', 'tsx', join(import.meta.dirname, '..', 'busker.ts')];
/** The built command, as `npx busker` runs it (npm install and `npm test` build it first). */
const built = [join(import.meta.dirname, '..', '..', 'bin', 'busker.js')];
let root: string;
let node: AnvilNode;
let networkFile: string;
let factory: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-keyserver-cli-'));
  node = await startAnvil();
  const provider = createProvider(node.rpcUrl, { chainId: 31337 });
  try {
    const deployer = node.accounts[0];
    if (!deployer) throw new Error('anvil has no accounts');
    const deployment = await deployFactory(new Wallet(deployer.privateKey, provider));
    networkFile = join(root, 'network.json');
    factory = deployment.factory;
    await writeNetworkFile(networkFile, { chainId: 31337, rpcUrl: node.rpcUrl, factory });
  } finally {
    provider.destroy();
  }
});
after(async () => {
  await node?.stop();
  await rm(root, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function keyserver(args: string[], env: Record<string, string>, command = fromSource): Run {
  const child = spawn(process.execPath, [...command, 'keyserver', ...args], {
    // Only what the test sets: no BUSKER_KEYSERVER_* from the machine leaks in.
    env: { PATH: process.env.PATH ?? '', XDG_DATA_HOME: join(root, 'xdg'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function listeningUrl(run: Run): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    run.child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout());
      if (match?.[1]) resolve(match[1]);
    });
    void run.exited.then((code) => reject(new Error(`exited (${code}) before listening: ${run.stderr()}`)));
  });
}

async function masterKeyFile(): Promise<string> {
  const keyFile = join(root, `master-${randomBytes(4).toString('hex')}.key`);
  await writeFile(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  return keyFile;
}

test('a bad configuration is refused at boot, every mistake listed', async () => {
  const run = keyserver(['--network', networkFile], {
    BUSKER_KEYSERVER_PORT: 'eighty',
    BUSKER_KEYSERVER_CONFIRMATIONS: '0',
  });
  assert.equal(await run.exited, 1);
  assert.match(run.stderr(), /3 mistakes/);
  assert.match(run.stderr(), /BUSKER_KEYSERVER_PORT must be a port number/);
  assert.match(run.stderr(), /BUSKER_KEYSERVER_CONFIRMATIONS must be a whole number of blocks from 1 to 64/);
  assert.match(run.stderr(), /No master key: Set BUSKER_KEYSERVER_MASTER_KEY_FILE/);
});

test('starts against the network file, says where it listens, and stops cleanly on SIGTERM', async () => {
  const run = keyserver(['--port', '0', '--network', networkFile, '--data', join(root, 'served')], {
    BUSKER_KEYSERVER_MASTER_KEY_FILE: await masterKeyFile(),
    BUSKER_KEYSERVER_LOG_LEVEL: 'warn',
  });
  try {
    const url = await listeningUrl(run);
    assert.match(run.stdout(), /confirmations {2}2/);
    // The built command finds the native addon beside it (a WebAssembly stand-in elsewhere).
    if (process.platform === 'linux' && process.arch === 'x64') {
      assert.match(run.stdout(), /crypto +\d+ threads?, libsecp256k1 as native code/);
    }
    const info = (await (await fetch(`${url}/v1/info`)).json()) as { chainId: number; confirmations: number };
    assert.equal(info.chainId, 31337);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.stderr());
    assert.match(run.stderr(), /Key server stopped\./);
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('rotate-master-key re-encrypts every key under the new master key', async () => {
  const dataDir = join(root, 'rotated');
  const oldKey = randomBytes(32);
  const newKeyFile = join(root, 'new.key');
  const newKey = randomBytes(32);
  await writeFile(newKeyFile, newKey.toString('base64'), { mode: 0o600 });
  const track = { chainId: 31337, artist: `0x${'cd'.repeat(20)}`, trackId: '4' };
  const contentKey = randomBytes(32);
  const store = await openKeyStore({ dataDir });
  await (await KeyVault.open(store, MasterKey.fromBytes(oldKey))).putContentKey(track, contentKey);
  await store.close();

  const run = keyserver(['rotate-master-key', '--new-key-file', newKeyFile, '--data', dataDir], {
    BUSKER_KEYSERVER_MASTER_KEY: oldKey.toString('hex'),
  });
  assert.equal(await run.exited, 0, run.stderr());
  assert.match(run.stdout(), /Re-encrypted 2 sealed values/);

  const reopened = await openKeyStore({ dataDir });
  try {
    await assert.rejects(KeyVault.open(reopened, MasterKey.fromBytes(oldKey)), MasterKeyError);
    const vault = await KeyVault.open(reopened, MasterKey.fromBytes(newKey));
    assert.deepEqual(await vault.getContentKey(track), contentKey);
  } finally {
    await reopened.close();
  }
});

test('the built command checks signatures in its crypto threads, which it finds beside it', async () => {
  const run = keyserver(
    ['--port', '0', '--network', networkFile, '--data', join(root, 'built')],
    {
      BUSKER_KEYSERVER_MASTER_KEY_FILE: await masterKeyFile(),
      BUSKER_KEYSERVER_CRYPTO_THREADS: '1',
      BUSKER_KEYSERVER_LOG_LEVEL: 'warn',
    },
    built,
  );
  try {
    const url = await listeningUrl(run);
    const listener = new Wallet(`0x${randomBytes(32).toString('hex')}`);
    const unlock = (signer: Wallet) =>
      signUnlockRequest(signer, keyServerDomain(31337, factory), {
        artist: `0x${'ab'.repeat(20)}`,
        trackId: '0',
        listener: listener.address,
        recipientKey: `0x${generateX25519KeyPair().publicKey.toString('hex')}`,
        nonce: `0x${randomBytes(32).toString('hex')}`,
        deadline: String(Math.floor(Date.now() / 1000) + 60),
      });
    const post = async (body: unknown) => {
      const answer = await fetch(`${url}/v1/unlock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: answer.status,
        code: ((await answer.json()) as { error?: { code: string } }).error?.code,
      };
    };
    // Signed by the listener: the thread recovered them, and the chain has no such artist.
    assert.deepEqual(await post(await unlock(listener)), { status: 404, code: 'UNKNOWN_TRACK' });
    // Signed by someone else: the thread recovered another signer.
    const stranger = new Wallet(`0x${randomBytes(32).toString('hex')}`);
    assert.deepEqual(await post(await unlock(stranger)), { status: 401, code: 'BAD_SIGNATURE' });
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.stderr());
  } finally {
    run.child.kill('SIGKILL');
  }
});
