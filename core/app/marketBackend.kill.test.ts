// The app's own restart path under a real crash: a child process runs the market backend (opened
// with openBackend and market options, as the hosts do) against one anvil and one real key server,
// and is SIGKILLed mid-publish or between a broadcast tip and its key. The backend then reopens on
// the same data folder in this process, its wallet is unlocked, and the resumed job must finish:
// one on-chain track with its key deposited, or the key without a second tip.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Wallet } from 'ethers';
import { parseEther, toBeHex, zeroPadValue } from 'ethers';
import { runTool } from '../../testkit/audioFixtures';
import type { TestServer } from '../../keyserver/testing/keyServerHarness';
import { KeyServerHarness } from '../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../keyserver/testing/testDatabases';
import { startBackend } from '../../keyserver/testing/testDatabases';
import type { AppEvents } from '../api/appApi';
import type { AppBackend } from '../api/appBackend';
import type { PublishJobSummary } from '../api/marketApi';
import { artistInterface, connectArtist } from '../../protocol/contracts';
import { writeNetworkFile } from '../../protocol/networkFile';
import { keyCommitment } from '../../protocol/keyCommitment';
import { openPublishDatabase, publishDatabasePath } from '../publish/publishDatabase';
import type { PublishState } from '../publish/publishJobStore';
import { PublishJobStore } from '../publish/publishJobStore';
import type { TcpProxy } from '../listen/testSupport/tcpProxy';
import { startTcpProxy } from '../listen/testSupport/tcpProxy';
import { KeyServerClient, KeyServerRequestError } from '../unlock/keyServerClient';
import { openBackend } from './openBackend';
import type { MarketChildConfig } from './testSupport/marketChild';

const childScript = fileURLToPath(new URL('./testSupport/marketChild.ts', import.meta.url));
const passphrase = 'crash test passphrase';
const priceEth = '0.001';
const price = parseEther(priceEth);
const eventTimeoutMs = 40_000;

let root: string;
let keyDb: TestBackend;
let harness: KeyServerHarness;
let server: TestServer;
/** The app reaches the key server through this, so a test can take the server down. */
let keyServerProxy: TcpProxy;
let networkFile: string;
let keyServer: KeyServerClient;
const opened = new Set<AppBackend>();
const children = new Set<{ kill(signal: NodeJS.Signals): boolean }>();

/** What both processes open the backend with (JSON, so the child gets the very same). */
function marketOptions(peers: string[], syncIntervalMs: number): MarketChildConfig['market'] {
  return {
    networkFile,
    peers,
    syncIntervalMs,
    walletScryptN: 2 ** 10,
    vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
    unlockRetry: { firstDelayMs: 100, maxDelayMs: 500 },
  };
}

/**
 * The app, in this process, on a data folder. Only a listener syncs the catalogue (and so dials
 * `peers`): a pass fetching metadata no running peer holds would hold up `close` for its timeout.
 */
function open(dataDir: string, peers?: string[]): AppBackend {
  const backend = openBackend({
    dataDir,
    host: 'headless',
    market: { ...marketOptions(peers ?? [], peers ? 500 : 0), onProblem: () => undefined },
  });
  opened.add(backend);
  return backend;
}

async function close(backend: AppBackend): Promise<void> {
  opened.delete(backend);
  await backend.close();
}

/** The first `name` event whose payload `matches` (listening starts now); rejects on `fails`. */
function nextEvent<E extends keyof AppEvents>(
  backend: AppBackend,
  name: E,
  matches: (payload: AppEvents[E]) => boolean,
  fails: (payload: AppEvents[E]) => string | null = () => null,
): Promise<AppEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`No matching ${name} event within ${eventTimeoutMs} ms`));
    }, eventTimeoutMs).unref();
    const stop = backend.onEvent((event) => {
      if (event.name !== name) return;
      const payload = event.payload as AppEvents[E];
      const failure = fails(payload);
      if (failure === null && !matches(payload)) return;
      clearTimeout(timer);
      stop();
      if (failure === null) resolve(payload);
      else reject(new Error(failure));
    });
  });
}

/** Why a publish job can no longer finish by itself in this session, or null. */
function publishStuck(job: PublishJobSummary): string | null {
  if (job.step === 'failed') return `the publish job failed: ${job.failureReason ?? ''}`;
  // A passing trouble parks the job until the next unlock: here nothing should be passing.
  if (job.message.startsWith('Waiting to try again')) return `the publish job is parked: ${job.message}`;
  return null;
}

interface Frozen {
  event: string;
  payload: { id: number | string; step: string; message: string };
}

/** Runs the app's child process until it freezes at `config.freezeAt`, then SIGKILLs it there. */
async function runUntilKilled(config: MarketChildConfig): Promise<Frozen> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: { ...process.env, BUSKER_MARKET_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let frozen: Frozen | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{')) continue; // not one of the child's own lines
    const message = JSON.parse(line) as { frozen?: string; payload?: Frozen['payload'] };
    if (message.frozen && message.payload) {
      frozen = { event: message.frozen, payload: message.payload };
      child.kill('SIGKILL');
      break;
    }
  }
  const [code, signal] = await exited;
  children.delete(child);
  assert.equal(signal, 'SIGKILL', `the app's process ended by itself (code ${code}): ${stderr}`);
  assert.ok(frozen, `the app's process never reached the kill point: ${stderr}`);
  return frozen;
}

/** A data folder with a wallet on development account `account` (and an artist contract). */
async function prepareWallet(dataDir: string, account: number, artistName?: string): Promise<string> {
  const backend = open(dataDir);
  try {
    const { address } = await backend.api.setUpWallet({
      kind: 'developmentAccount',
      index: account,
      passphrase,
    });
    assert.equal(address, harness.wallet(account).address);
    if (artistName) {
      const { contract } = await backend.api.becomeArtist(artistName);
      assert.ok(contract);
      return contract;
    }
    return address;
  } finally {
    await close(backend);
  }
}

async function makeAudio(name: string, frequency: number): Promise<{ path: string; bytes: Buffer }> {
  const path = join(root, `${name}.flac`);
  await runTool('sox', ['-n', '-r', '22050', '-c', '1', path, 'synth', '2', 'sine', String(frequency)]);
  return { path, bytes: await readFile(path) };
}

const sha256 = (bytes: Uint8Array) => `0x${createHash('sha256').update(bytes).digest('hex')}`;

/** The key server's answer for `listener` (who must have tipped), or the refusal's code. */
async function keyFromServer(listener: Wallet, track: { artist: string; trackId: number }) {
  try {
    return await keyServer.unlock(listener, track);
  } catch (error) {
    if (error instanceof KeyServerRequestError) return error.code;
    throw error;
  }
}

async function tippedEvents(artist: string, trackId: number, listener: string) {
  const tipped = artistInterface.getEvent('Tipped');
  assert.ok(tipped);
  return harness.fixture.provider.getLogs({
    address: artist,
    topics: [tipped.topicHash, toBeHex(trackId, 32), zeroPadValue(listener, 32)],
    fromBlock: 0,
  });
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-market-kill-'));
  keyDb = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  server = await harness.startServer({
    store: await (await keyDb.createDatabase()).open(),
    ownsStore: true,
    confirmations: 2,
  });
  keyServerProxy = await startTcpProxy(Number(new URL(server.url).port));
  networkFile = join(root, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
    keyServer: keyServerProxy.url,
  });
  keyServer = new KeyServerClient(server.url, {
    chainId: harness.chainId,
    factory: harness.fixture.deployment.factory,
  });
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const backend of [...opened].reverse()) await close(backend);
  await keyServerProxy?.close();
  await harness?.close();
  await keyDb?.stop();
  await rm(root, { recursive: true, force: true });
});

// First, while the catalogue holds only this test's track: the listener's sync passes then never
// wait on metadata that no running peer holds (the artists of the later tests are gone by then).
test('listener killed after the tip is broadcast: on restart the key arrives without a second tip', async () => {
  // An artist with one track on sale, whose node stays up to serve it.
  const audio = await makeAudio('on-sale', 550);
  const artistDir = join(root, 'shop');
  const artist = await prepareWallet(artistDir, 5, 'Shop Band');
  const shop = open(artistDir);
  const onSale = nextEvent(
    shop,
    'onDidPublishProgress',
    (job) => job.step === 'done',
    (job) => publishStuck(job),
  );
  await shop.api.unlockWallet(passphrase);
  const published = await shop.api.publishFiles([audio.path], priceEth);
  assert.equal(published.jobs.length, 1);
  await onSale;
  const peers = await shop.peerAddresses();

  // The listener's app has a wallet and has synced the catalogue (the track is locked).
  const listenerDir = join(root, 'listener');
  const listener = await prepareWallet(listenerDir, 2);
  const syncing = open(listenerDir, peers);
  const listed = nextEvent(syncing, 'onDidChangeLibrary', (stats) => stats.tracks > 0);
  listed.catch(() => undefined); // not waited for when the track is already there
  await syncing.api.unlockWallet(passphrase);
  if ((await syncing.api.listTrackIds({})).length === 0) await listed;
  const [id] = await syncing.api.listTrackIds({});
  assert.ok(id !== undefined);
  const [locked] = await syncing.api.catalogueStates([id]);
  assert.equal(locked?.unlocked, false);
  await close(syncing);

  const provider = harness.fixture.provider;
  const nonceBefore = await provider.getTransactionCount(listener, 'latest');
  const balanceBefore = await provider.getBalance(listener);
  // Blocks stop: the tip the child broadcasts stays in the mempool, unconfirmed, at the kill.
  await provider.send('evm_setAutomine', [false]);
  try {
    const frozen = await runUntilKilled({
      dataDir: listenerDir,
      passphrase,
      market: marketOptions(peers, 0),
      work: { kind: 'unlock', trackId: id },
      freezeAt: { event: 'onDidUnlockProgress', step: 'tipSent' },
    });
    assert.equal(frozen.payload.id, id);
    assert.equal(await provider.getTransactionCount(listener, 'pending'), nonceBefore + 1, 'the tip is out');
    assert.equal(await provider.getTransactionCount(listener, 'latest'), nonceBefore, 'and not mined');

    // The app starts again on the same folder. Still no blocks: whatever the resumed job decides,
    // it decides with the tip unconfirmed, so nothing on chain can hide a second tip.
    const backend = open(listenerDir, peers);
    const steps: string[] = [];
    const stopSteps = backend.onEvent((event) => {
      if (event.name === 'onDidUnlockProgress' && event.payload.id === id) steps.push(event.payload.step);
    });
    const unlockStep = (step: string) =>
      nextEvent(
        backend,
        'onDidUnlockProgress',
        (progress) => progress.id === id && progress.step === step,
        (progress) =>
          progress.id === id && progress.step === 'failed' ? `the unlock failed: ${progress.message}` : null,
      );
    const confirming = unlockStep('confirming');
    await backend.api.unlockWallet(passphrase);
    await confirming;
    assert.equal(await provider.getTransactionCount(listener, 'pending'), nonceBefore + 1, 'no second tip');

    // One-second blocks from now on: the tip confirms and the key server releases the key.
    const ready = unlockStep('ready');
    await provider.send('evm_setIntervalMining', [1]);
    await ready;
    stopSteps();
    assert.equal(steps[0], 'tipSent', steps.join(', '));
    assert.ok(!steps.includes('tipping'), `the resumed job never tips again: ${steps.join(', ')}`);
    const [state] = await backend.api.catalogueStates([id]);
    assert.equal(state?.unlocked, true);

    // One tip: one Tipped event, the nonce one further, the balance down by one price and one fee.
    assert.equal(state?.artistContract, artist);
    const tips = await tippedEvents(artist, 0, listener);
    assert.equal(tips.length, 1);
    assert.equal(await provider.getTransactionCount(listener, 'latest'), nonceBefore + 1);
    const receipt = await provider.getTransactionReceipt(tips[0]?.transactionHash ?? '');
    assert.ok(receipt);
    assert.equal(
      balanceBefore - (await provider.getBalance(listener)),
      price + receipt.gasUsed * receipt.gasPrice,
    );

    // The key in the vault opens the track: the stream handler serves the original bytes.
    const media = await backend.handleMedia(new Request(`busker://track/${id}`));
    assert.equal(media.status, 200);
    assert.equal(sha256(Buffer.from(await media.arrayBuffer())), sha256(audio.bytes));
    await close(backend);
  } finally {
    await provider.send('evm_setAutomine', [true]);
  }
});

const killPoints: {
  when: string;
  account: number;
  frequency: number;
  freezeAt: MarketChildConfig['freezeAt'];
  /** Where the kill left the job in the database. */
  leftAt: PublishState;
  /** Whether the node had the recorded publish transaction at the kill (null: none recorded yet). */
  broadcast: boolean | null;
}[] = [
  {
    when: 'with the audio encrypted into IPFS, before its details are added',
    account: 1,
    frequency: 330,
    freezeAt: { event: 'onDidPublishProgress', step: 'audio-added' },
    leftAt: 'audio-added',
    broadcast: null,
  },
  {
    when: 'with the publishTrack transaction signed and recorded, not yet broadcast',
    account: 3,
    frequency: 440,
    freezeAt: { event: 'onDidPublishProgress', step: 'tx-recorded', messageIncludes: 'Sending' },
    leftAt: 'tx-recorded',
    broadcast: false,
  },
  {
    when: 'right after the publishTrack transaction is broadcast',
    account: 4,
    frequency: 550,
    // After the broadcast the job says it waits for the transaction to be mined.
    freezeAt: { event: 'onDidPublishProgress', step: 'tx-recorded', messageIncludes: 'mined' },
    leftAt: 'tx-recorded',
    broadcast: true, // and automine mines it while the app is down
  },
  {
    when: 'with the track on chain, before its key is deposited',
    account: 6,
    frequency: 660,
    freezeAt: { event: 'onDidPublishProgress', step: 'published' },
    leftAt: 'published',
    broadcast: true,
  },
];

for (const point of killPoints) {
  test(`artist killed ${point.when}: on restart the job ends with one on-chain track and its key deposited`, async () => {
    const provider = harness.fixture.provider;
    const dataDir = join(root, `artist-${point.account}`);
    const audio = await makeAudio(`artist-${point.account}`, point.frequency);
    const artist = await prepareWallet(dataDir, point.account, `Crash Band ${point.account}`);
    const contract = connectArtist(artist, provider);

    const frozen = await runUntilKilled({
      dataDir,
      passphrase,
      market: marketOptions([], 0),
      work: { kind: 'publish', files: [audio.path], priceEth },
      freezeAt: point.freezeAt,
    });
    const jobId = String(frozen.payload.id);

    // What the crash left: the job at its last persisted step, the chain as far as it got.
    const db = openPublishDatabase(publishDatabasePath(dataDir));
    const left = new PublishJobStore(db).list(harness.chainId, artist);
    db.close();
    assert.deepEqual(
      left.map((job) => [job.id, job.state]),
      [[jobId, point.leftAt]],
    );
    const recordedTx = left[0]?.txHash ?? null;
    assert.equal(recordedTx !== null, point.broadcast !== null);
    if (recordedTx) assert.equal((await provider.getTransaction(recordedTx)) !== null, point.broadcast);
    assert.equal(await contract.trackCount(), point.broadcast ? 1n : 0n);
    const listener = harness.wallet(8);
    const tip = async () => {
      await (await connectArtist(artist, listener).tip(0, { value: price })).wait();
      await harness.mine(); // the key server asks for 2 confirmations
    };
    if (point.broadcast) {
      await tip();
      assert.equal(await keyFromServer(listener, { artist, trackId: 0 }), 'KEY_NOT_DEPOSITED');
    }

    // The app starts again on the same folder; unlocking the wallet resumes the job.
    const backend = open(dataDir);
    const done = nextEvent(
      backend,
      'onDidPublishProgress',
      (job) => job.id === jobId && job.step === 'done',
      (job) => (job.id === jobId ? publishStuck(job) : null),
    );
    await backend.api.unlockWallet(passphrase);
    const finished = await done;
    assert.equal(finished.chainTrackId, 0);
    const jobs = await backend.api.listPublishJobs();
    assert.deepEqual(
      jobs.map((job) => [job.id, job.step, job.chainTrackId]),
      [[jobId, 'done', 0]],
    );

    // Exactly one track on chain, for this file, sent as the recorded transaction when there was one.
    assert.equal(await contract.trackCount(), 1n);
    const track = await contract.track(0);
    assert.equal(track.contentHash, sha256(audio.bytes));
    assert.equal(track.price, price);
    if (recordedTx) assert.equal((await provider.getTransactionReceipt(recordedTx))?.status, 1);
    assert.equal(await provider.getTransactionCount(harness.wallet(point.account).address), 2); // artist + track

    // The key server holds the track's key: the one its on-chain commitment names.
    if (!point.broadcast) await tip();
    const key = await keyFromServer(listener, { artist, trackId: 0 });
    assert.ok(Buffer.isBuffer(key), `the key server answered ${String(key)}`);
    assert.equal(track.keyCommitment, `0x${keyCommitment(key).toString('hex')}`);
    await close(backend);
  });
}

test('artist killed before the key deposit, key server down at the restart: the key is deposited once it is back', async () => {
  const dataDir = join(root, 'artist-7');
  const audio = await makeAudio('artist-7', 770);
  const artist = await prepareWallet(dataDir, 7, 'Crash Band 7');
  const frozen = await runUntilKilled({
    dataDir,
    passphrase,
    market: marketOptions([], 0),
    work: { kind: 'publish', files: [audio.path], priceEth },
    freezeAt: { event: 'onDidPublishProgress', step: 'published' },
  });
  const jobId = String(frozen.payload.id);

  await keyServerProxy.close();
  try {
    const backend = open(dataDir);
    const parked = nextEvent(
      backend,
      'onDidPublishProgress',
      (job) => job.id === jobId && job.message.startsWith('Waiting to try again'),
    );
    await backend.api.unlockWallet(passphrase);
    const waiting = await parked;
    assert.equal(waiting.step, 'published');

    // The server comes back; the app finishes the job by itself, with no second unlock.
    const done = nextEvent(
      backend,
      'onDidPublishProgress',
      (job) => job.id === jobId && job.step === 'done',
      (job) => (job.id === jobId && job.step === 'failed' ? `the publish job failed: ${job.message}` : null),
    );
    await keyServerProxy.open();
    await done;
  } finally {
    await keyServerProxy.open().catch(() => undefined);
  }
  const listener = harness.wallet(8);
  await (await connectArtist(artist, listener).tip(0, { value: price })).wait();
  await harness.mine();
  const key = await keyFromServer(listener, { artist, trackId: 0 });
  assert.ok(Buffer.isBuffer(key), `the key server answered ${String(key)}`);
  const track = await connectArtist(artist, harness.fixture.provider).track(0);
  assert.equal(track.keyCommitment, `0x${keyCommitment(key).toString('hex')}`);
});
