import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Wallet } from 'ethers';
import { Wallet as EthersWallet, parseEther, toBeHex, toQuantity, zeroPadValue } from 'ethers';
import { artistInterface } from '../../protocol/contracts';
import type { ArtistContract } from '../../protocol/contracts';
import type { NetworkFile } from '../../protocol/networkFile';
import type { PublishedTrack, TestServer } from '../../keyserver/testing/keyServerHarness';
import { KeyServerHarness } from '../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../keyserver/testing/testDatabases';
import { startBackend } from '../../keyserver/testing/testDatabases';
import { KeyServerClient } from '../unlock/keyServerClient';
import { openListenerSession } from './listenerSession';
import type { ListenerSession } from './listenerSession';
import type { TcpProxy } from './testSupport/tcpProxy';
import { startTcpProxy } from './testSupport/tcpProxy';
import type { UnlockProgress } from './unlockJob';

// A real anvil with the real contracts, a real key server asking for 2 confirmations (behind a
// proxy that can take it down), and listeners with their own data folders.
let backend: TestBackend;
let harness: KeyServerHarness;
let server: TestServer;
let proxy: TcpProxy;
let artist: ArtistContract;
let owner: Wallet;
let depositClient: KeyServerClient;
let network: NetworkFile;
let root: string;
const price = parseEther('0.001');
const vaultKey = randomBytes(32);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'busker-unlock-'));
  backend = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  owner = harness.wallet(1);
  server = await harness.startServer({
    store: await (await backend.createDatabase()).open(),
    ownsStore: true,
    confirmations: 2,
  });
  proxy = await startTcpProxy(Number(new URL(server.url).port));
  network = {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
    keyServer: proxy.url,
  };
  depositClient = new KeyServerClient(server.url, { chainId: harness.chainId, factory: network.factory });
  artist = await harness.fixture.createArtist(owner, 'Unlock Artist');
});

after(async () => {
  await proxy?.close();
  await harness?.close();
  await backend?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function publishDeposited(trackPrice = price): Promise<PublishedTrack> {
  const track = await harness.publish(artist, trackPrice);
  await depositClient.deposit(owner, track, track.contentKey);
  return track;
}

/** A fresh listener holding exactly 1 ETH, so tips and balances start from a known place. */
async function newListener(): Promise<Wallet> {
  const wallet = EthersWallet.createRandom();
  await harness.fixture.provider.send('anvil_setBalance', [wallet.address, toQuantity(parseEther('1'))]);
  return new EthersWallet(wallet.privateKey, harness.fixture.provider);
}

let folders = 0;
function newDataDir(): string {
  return join(root, `listener-${(folders += 1)}`);
}

function openSession(dataDir: string, listener: Wallet): Promise<ListenerSession> {
  return openListenerSession({
    dataDir,
    network,
    vaultKey,
    wallet: listener.privateKey,
    confirmations: 2,
    pollingIntervalMs: 50,
    retry: { firstDelayMs: 50, maxDelayMs: 200 },
  });
}

async function tippedEvents(listener: string, track: PublishedTrack): Promise<number> {
  const event = artistInterface.getEvent('Tipped');
  assert.ok(event);
  const logs = await harness.fixture.provider.getLogs({
    address: track.artist,
    topics: [event.topicHash, toBeHex(track.trackId, 32), zeroPadValue(listener, 32)],
    fromBlock: 0,
  });
  return logs.length;
}

function mine(): Promise<unknown> {
  return harness.fixture.provider.send('evm_mine', []);
}

/** The states in the order they were first entered. */
function statesOf(progress: UnlockProgress[]): string[] {
  const states: string[] = [];
  for (const step of progress) if (states.at(-1) !== step.state) states.push(step.state);
  return states;
}

describe('unlock job', () => {
  test('happy path: tipping → tip sent → confirming 1/2, 2/2 → fetching key → ready, with one tip', async () => {
    const track = await publishDeposited();
    const listener = await newListener();
    const session = await openSession(newDataDir(), listener);
    const jobs = session.unlockJobs;
    assert.ok(jobs);
    const progress: UnlockProgress[] = [];
    const job = await jobs.unlock(track, {
      onProgress: (step) => {
        progress.push(step);
        // Automine mined the tip: one more block gives the key server its second confirmation.
        if (step.state === 'confirming' && step.confirmations?.seen === 1) void mine();
      },
    });
    assert.equal(job.state, 'ready');
    assert.equal(job.paid, true);
    assert.deepEqual(statesOf(progress), ['tipping', 'tipSent', 'confirming', 'fetchingKey', 'ready']);
    const counts = progress.filter((step) => step.confirmations).map((step) => step.confirmations?.seen);
    assert.deepEqual([...new Set(counts)], [1, 2]);
    assert.ok(progress.find((step) => step.state === 'tipSent')?.tipHash?.startsWith('0x'));
    const onChain = { chainId: harness.chainId, artist: track.artist, trackId: track.trackId };
    assert.deepEqual(session.vault?.get(onChain), track.contentKey);

    // Unlocking again is a no-op: the key is in the vault, nothing is tipped.
    assert.equal((await jobs.unlock(track)).state, 'ready');
    assert.equal(await tippedEvents(listener.address, track), 1);
    assert.equal(session.tipStore.listForTrack(artist.target as string, track.trackId).length, 1);
    session.close();
  });

  test('the key server is down when the tip confirms: the job waits, and after a restart gets the key', async () => {
    const track = await publishDeposited();
    const listener = await newListener();
    const dataDir = newDataDir();
    const first = await openSession(dataDir, listener);
    const stop = new AbortController();
    const waits: string[] = [];
    await assert.rejects(
      first.unlockJobs!.unlock(track, {
        signal: stop.signal,
        onProgress: (step) => {
          if (step.state === 'confirming' && step.confirmations?.seen === 1) void proxy.close().then(mine);
          if (step.waitingFor) {
            waits.push(step.waitingFor);
            if (waits.length === 3) stop.abort(); // the listener closes the app meanwhile
          }
        },
      }),
      { name: 'AbortError' },
    );
    assert.match(waits[0] ?? '', /does not answer/);
    const stuck = first.unlockJobs!.job(track);
    assert.equal(stuck?.state, 'fetchingKey');
    assert.equal(stuck?.paid, true);
    first.close();

    await proxy.open();
    const second = await openSession(dataDir, listener);
    const resumed = await second.unlockJobs!.resume();
    assert.deepEqual(
      resumed.map((job) => job.state),
      ['ready'],
    );
    assert.deepEqual(
      second.vault?.get({ chainId: harness.chainId, artist: track.artist, trackId: track.trackId }),
      track.contentKey,
    );
    assert.equal(await tippedEvents(listener.address, track), 1);
    second.close();
  });

  test('a SIGKILL right after the tip is broadcast: on restart the key arrives, with exactly one tip', async () => {
    const track = await publishDeposited();
    const listener = await newListener();
    const dataDir = newDataDir();
    const balanceBefore = await harness.fixture.provider.getBalance(listener.address);

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'testSupport', 'unlockChild.ts'),
        JSON.stringify({
          dataDir,
          network,
          privateKey: listener.privateKey,
          vaultKey: vaultKey.toString('hex'),
          artist: track.artist,
          trackId: track.trackId,
        }),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const seen: string[] = [];
    let tipHash: string | undefined;
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const step = JSON.parse(line) as { state?: string; tipHash?: string | null };
        if (step.state) seen.push(step.state);
        if (step.state === 'tipSent' && !tipHash) {
          tipHash = step.tipHash ?? undefined;
          child.kill('SIGKILL');
        }
      }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    assert.equal(signal, 'SIGKILL', `the child ended by itself (code ${code}): ${stderr}`);
    assert.ok(tipHash);
    assert.ok(!seen.includes('ready'));
    const receipt = await harness.fixture.provider.getTransactionReceipt(tipHash);
    assert.equal(receipt?.status, 1, 'the tip went out before the crash');

    await mine(); // the second confirmation arrives while the listener's app is down
    const restarted = await openSession(dataDir, listener);
    const [job] = await restarted.unlockJobs!.resume();
    assert.equal(job?.state, 'ready');
    assert.equal(job?.tipHash, tipHash);
    assert.deepEqual(
      restarted.vault?.get({ chainId: harness.chainId, artist: track.artist, trackId: track.trackId }),
      track.contentKey,
    );
    // Exactly one tip: one record, one Tipped event, and the balance paid one tip plus one fee.
    assert.equal(restarted.tipStore.listForTrack(artist.target as string, track.trackId).length, 1);
    assert.equal(await tippedEvents(listener.address, track), 1);
    const balanceAfter = await harness.fixture.provider.getBalance(listener.address);
    assert.equal(balanceBefore - balanceAfter, price + receipt.gasUsed * receipt.gasPrice);
    assert.equal(await harness.fixture.provider.getTransactionCount(listener.address), 1);
    restarted.close();
  });

  test('a tip below the price or for a retired track fails with a reason, and nothing is paid', async () => {
    const track = await publishDeposited();
    const listener = await newListener();
    const session = await openSession(newDataDir(), listener);
    const low = await session.unlockJobs!.unlock(track, { amount: price - 1n });
    assert.equal(low.state, 'failed');
    assert.match(low.failureReason ?? '', /below the track's price/);

    await (await artist.retireTrack(track.trackId)).wait();
    const retired = await session.unlockJobs!.unlock(track);
    assert.equal(retired.state, 'failed');
    assert.match(retired.failureReason ?? '', /retired/);
    assert.equal(await tippedEvents(listener.address, track), 0);
    assert.equal(await harness.fixture.provider.getTransactionCount(listener.address), 0);
    session.close();
  });

  test('a listener who already has access on chain is never asked to tip again, even for a retired track', async () => {
    const track = await publishDeposited();
    const listener = await newListener();
    await harness.tip(listener, track); // e.g. paid from another device
    await (await artist.retireTrack(track.trackId)).wait();
    await mine();
    const session = await openSession(newDataDir(), listener);
    const progress: UnlockProgress[] = [];
    const job = await session.unlockJobs!.unlock(track, { onProgress: (step) => progress.push(step) });
    assert.equal(job.state, 'ready');
    assert.deepEqual(statesOf(progress), ['tipping', 'fetchingKey', 'ready']);
    assert.equal(await tippedEvents(listener.address, track), 1);
    session.close();
  });
});
