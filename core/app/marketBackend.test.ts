import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import type { AppBackend } from '../api/appBackend';
import { AppError } from '../errors';
import type { MarketOptions } from './marketOptions';
import { CONTENT_DIRECTORY_NAME, openBackend } from './openBackend';
import { NO_NETWORK } from './services/networkService';
import { writeUnansweringNetworkFile } from '../../testkit/unansweringNetwork';

// The market's refusals, without a chain: what a locked or missing wallet, a wrong passphrase,
// a bad network and a host without the market answer, in words and with a code.
const cheap: MarketOptions = {
  syncIntervalMs: 0,
  walletScryptN: 2 ** 10,
  vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
  onProblem: () => undefined,
};
const dirs: string[] = [];
const backends: AppBackend[] = [];

async function open(
  dataDir?: string,
  market: MarketOptions = {},
): Promise<{ backend: AppBackend; dataDir: string }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'busker-market-')));
  if (!dataDir) dirs.push(dir);
  const backend = openBackend({
    dataDir: dir,
    host: 'headless',
    market: { networkFile: join(dir, 'no-network.json'), ...cheap, ...market },
  });
  backends.push(backend);
  return { backend, dataDir: dir };
}

after(async () => {
  for (const backend of backends) await backend.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function hasCode(code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  };
}

test('without a wallet: state "none", and paying methods say to set one up', async () => {
  const { backend } = await open();
  const state = await backend.api.walletState();
  assert.equal(state.status, 'none');
  assert.equal(state.address, null);
  assert.equal(state.network, null, 'no network yet: "Not connected", never a file path');
  await assert.rejects(backend.api.unlockWallet('anything'), hasCode('WALLET_MISSING'));
  await assert.rejects(backend.api.unlockTrack(1), hasCode('WALLET_MISSING', /Set up a wallet first/));
  assert.deepEqual(await backend.api.networkSettings(), NO_NETWORK);
  await assert.rejects(backend.api.artistState(), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'NO_NETWORK');
    assert.equal(error.message, 'Not connected — join a network in Settings.');
    return true;
  });
  assert.deepEqual(await backend.api.catalogueStates([1, 2]), []);
  assert.deepEqual(await backend.api.notListedTracks(), []);
});

test('a created wallet shows its phrase once; reopened it is locked until the right passphrase', async () => {
  const { backend, dataDir } = await open();
  await assert.rejects(
    backend.api.setUpWallet({ kind: 'create', passphrase: '' }),
    hasCode('BAD_REQUEST', /passphrase/),
  );
  const created = await backend.api.setUpWallet({ kind: 'create', passphrase: 'correct horse' });
  assert.match(created.address, /^0x[0-9a-fA-F]{40}$/);
  assert.equal(created.mnemonic?.split(' ').length, 12);
  assert.equal((await backend.api.walletState()).status, 'unlocked');
  await assert.rejects(
    backend.api.setUpWallet({ kind: 'create', passphrase: 'again' }),
    hasCode('WALLET_EXISTS'),
  );
  await backend.close();

  const { backend: reopened } = await open(dataDir);
  const locked = await reopened.api.walletState();
  assert.equal(locked.status, 'locked');
  assert.equal(locked.address, created.address);
  await assert.rejects(
    reopened.api.publishFiles(['/tmp/a.flac'], '0.01'),
    hasCode('WALLET_LOCKED', /Unlock your wallet first/),
  );
  await assert.rejects(reopened.api.withdraw(null), hasCode('WALLET_LOCKED'));
  await assert.rejects(reopened.api.unlockWallet('wrong horse'), hasCode('WRONG_PASSPHRASE'));
  assert.equal((await reopened.api.unlockWallet('correct horse')).status, 'unlocked');
});

test('development accounts are refused off the local network; bad keys and phrases say what is wrong', async () => {
  const { backend } = await open();
  await assert.rejects(
    backend.api.setUpWallet({ kind: 'developmentAccount', index: 0, passphrase: 'p' }),
    hasCode('BAD_REQUEST', /local development network/),
  );
  await assert.rejects(
    backend.api.setUpWallet({ kind: 'privateKey', privateKey: '0x1234', passphrase: 'p' }),
    hasCode('BAD_REQUEST', /64 hexadecimal digits/),
  );
  await assert.rejects(
    backend.api.setUpWallet({ kind: 'mnemonic', mnemonic: 'one two three', passphrase: 'p' }),
    hasCode('BAD_REQUEST', /12, 15, 18, 21 or 24 words/),
  );
});

test('a custom network that does not answer is refused and not saved', async () => {
  const { backend } = await open();
  await assert.rejects(
    backend.api.setNetwork({
      rpcUrl: 'http://127.0.0.1:9/',
      factory: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      keyServerUrl: 'http://127.0.0.1:9/',
    }),
    hasCode('NETWORK_UNREACHABLE', /No Ethereum node answers at http:\/\/127\.0\.0\.1:9\//),
  );
  await assert.rejects(
    backend.api.joinNetwork('127.0.0.1:9'),
    hasCode('NETWORK_UNREACHABLE', /No Busker key server/),
  );
  assert.equal((await backend.api.networkSettings()).source, 'none');
});

test('a host without the market answers MARKET_OFF and starts no IPFS', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-market-off-'));
  dirs.push(dir);
  const backend = openBackend({ dataDir: dir, host: 'headless' });
  backends.push(backend);
  await assert.rejects(backend.api.walletState(), hasCode('MARKET_OFF'));
  assert.deepEqual(await backend.peerAddresses(), []);
});

test('a market told to start later: the library answers first, and closing before the start starts nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-market-later-'));
  dirs.push(dir);
  const backend = openBackend({
    dataDir: dir,
    host: 'headless',
    market: { networkFile: join(dir, 'no-network.json'), ...cheap, startAfter: new Promise(() => undefined) },
  });
  assert.deepEqual(await backend.api.libraryStats(), { tracks: 0, albums: 0, artists: 0 });
  const waiting = backend.api.walletState();
  const peers = backend.peerAddresses();
  await backend.close();
  await assert.rejects(waiting, hasCode('UNAVAILABLE', /closed before the market started/));
  await assert.rejects(peers, hasCode('UNAVAILABLE', /closed before the market started/));
  assert.equal(existsSync(join(dir, CONTENT_DIRECTORY_NAME)), false, 'IPFS was started');
});

test('a market told to start later answers its waiting calls once that settles', async () => {
  let start = () => {};
  const { backend, dataDir } = await open(undefined, {
    startAfter: new Promise<void>((resolve) => (start = resolve)),
  });
  let answered = false;
  const state = backend.api.walletState().finally(() => (answered = true));
  await setTimeout(100);
  assert.equal(answered, false, 'the market answered before its start');
  assert.equal(existsSync(join(dataDir, CONTENT_DIRECTORY_NAME)), false, 'IPFS started early');
  start();
  assert.equal((await state).status, 'none');
  // No network: the node starts on first need (here the cache's size), never with the market.
  assert.deepEqual(await backend.peerAddresses(), []);
  assert.equal(existsSync(join(dataDir, CONTENT_DIRECTORY_NAME)), false, 'IPFS started with nothing to do');
  assert.equal((await backend.api.cacheState()).usedBytes, 0);
  assert.ok(existsSync(join(dataDir, CONTENT_DIRECTORY_NAME)), 'IPFS did not start when needed');
  assert.notDeepEqual(await backend.peerAddresses(), [], 'the node started on demand has no address');
});

test('with a network configured, the IPFS node starts with the market and gives its address', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-market-network-'));
  dirs.push(dir);
  // A network whose chain does not answer: the node starts all the same, to serve what it holds.
  const networkFile = await writeUnansweringNetworkFile(join(dir, 'network.json'));
  const { backend } = await open(dir, { networkFile });
  const addresses = await backend.peerAddresses();
  assert.match(addresses[0] ?? '', /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
  assert.ok(existsSync(join(dir, CONTENT_DIRECTORY_NAME)), 'IPFS did not start');
  await backend.marketLoaded;
  assert.equal((await backend.api.networkSettings()).source, 'local');
});
