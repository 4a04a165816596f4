import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppBackend } from '../../core/api/appBackend';
import type { Earnings, PublishJobSummary, UnlockProgress } from '../../core/api/marketApi';
import { openBackend } from '../../core/app/openBackend';
import { getAddress } from 'ethers';
import { writeNetworkFile } from '../../protocol/networkFile';
import { wrappingKeyFromWallet } from '../../core/publish/artistSession';
import { unwrapContentKey } from '../../core/publish/contentKeyWrap';
import { openPublishDatabase, publishDatabasePath } from '../../core/publish/publishDatabase';
import { PublishJobStore } from '../../core/publish/publishJobStore';
import { runTool } from '../../testkit/audioFixtures';
import { KeyServerHarness } from '../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../keyserver/testing/testDatabases';
import { startBackend } from '../../keyserver/testing/testDatabases';
import type { HeadlessHost } from './headlessHost';
import { startHeadlessHost } from './headlessHost';

// The journey through the real headless host: an artist publishes a generated track, a listener
// on its own Helia peer syncs it, sees it locked, tips, watches progress events, plays it decrypted.
let root: string;
let keyDb: TestBackend;
let harness: KeyServerHarness;
let networkFile: string;
const opened: { backend: AppBackend; host: HeadlessHost }[] = [];

const cheap = {
  walletScryptN: 2 ** 10,
  vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
  unlockRetry: { firstDelayMs: 200, maxDelayMs: 1_000 },
  onProblem: () => undefined,
};

/** Longer than any one call of the journey takes (an unlock waits for two confirmations). */
const callDeadlineMs = 60_000;

async function start(name: string, peers: string[] = []) {
  const backend = openBackend({
    dataDir: join(root, name),
    host: 'headless',
    market: { networkFile, peers, syncIntervalMs: 500, ...cheap },
  });
  const host = await startHeadlessHost({ backend, rendererDir: join(root, 'renderer') });
  opened.push({ backend, host });
  const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    // A call that never answers names itself, rather than leaving the test's timeout to say nothing.
    const response = await fetch(`http://127.0.0.1:${host.port}/api/call/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(callDeadlineMs),
    }).catch((error: unknown) => {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const why = timedOut ? `no answer in ${callDeadlineMs / 1000} s` : String(error);
      throw new Error(`${method} on ${name}'s host: ${why}`, { cause: error });
    });
    const body = (await response.json()) as { result?: T; error?: { code: string; message: string } };
    if (!response.ok) {
      throw new Error(`${method}: ${response.status} ${body.error?.code}: ${body.error?.message}`);
    }
    return body.result as T;
  };
  return { backend, host, call };
}

/** Collects the server-sent events of one host. */
function collectEvents(host: HeadlessHost) {
  const events: { name: string; data: unknown }[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/api/events`, {
      headers: { Authorization: `Bearer ${host.token}` },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) events.push({ name, data: JSON.parse(data) });
      }
    }
  })().catch(() => undefined);
  return { events, stop: () => controller.abort() };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-market-journey-'));
  keyDb = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  const server = await harness.startServer({
    store: await (await keyDb.createDatabase()).open(),
    ownsStore: true,
    confirmations: 2,
  });
  networkFile = join(root, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
    keyServer: server.url,
  });
  await writeFile(join(root, 'placeholder'), '');
});

after(async () => {
  for (const { backend, host } of opened.reverse()) {
    await host.close();
    await backend.close();
  }
  await harness?.close();
  await keyDb?.stop();
  await rm(root, { recursive: true, force: true });
});

test('an artist publishes a track; a listener on another peer tips, unlocks, plays and keeps it offline', async () => {
  const audio = join(root, 'night-bus.flac');
  await runTool('sox', ['-n', '-r', '44100', '-c', '2', audio, 'synth', '3', 'sine', '440']);
  const original = await readFile(audio);

  const artist = await start('artist');
  const created = await artist.call<{ address: string }>('setUpWallet', {
    kind: 'developmentAccount',
    index: 1,
    passphrase: 'artist passphrase',
  });
  assert.equal(created.address, harness.wallet(1).address);
  const state = await artist.call<{ contract: string | null }>('becomeArtist', 'Busker Band');
  assert.match(state.contract ?? '', /^0x[0-9a-fA-F]{40}$/);
  const published = await artist.call<{ jobs: PublishJobSummary[]; refused: unknown[] }>(
    'publishFiles',
    [audio, join(root, 'placeholder')],
    '0.001',
  );
  assert.equal(published.jobs.length, 1);
  assert.equal(published.refused.length, 1);
  const miner = setInterval(
    () => void harness.fixture.provider.send('evm_mine', []).catch(() => undefined),
    300,
  );
  try {
    await until('the publish job', async () => {
      const jobs = await artist.call<PublishJobSummary[]>('listPublishJobs');
      assert.notEqual(jobs[0]?.step, 'failed', jobs[0]?.failureReason ?? '');
      return jobs[0]?.step === 'done';
    });
    // The job's key opens with the wallet's wrapping key, as `busker publish` would open it.
    const publishDb = openPublishDatabase(publishDatabasePath(join(root, 'artist')));
    try {
      const [job] = new PublishJobStore(publishDb).list(harness.chainId, getAddress(state.contract ?? ''));
      assert.ok(job);
      const key = unwrapContentKey(wrappingKeyFromWallet(harness.wallet(1)), job.id, job.wrappedKey);
      assert.equal(key.length, 32);
    } finally {
      publishDb.close();
    }

    const listener = await start('listener', await artist.backend.peerAddresses());
    const events = collectEvents(listener.host);
    await listener.call('setUpWallet', {
      kind: 'developmentAccount',
      index: 2,
      passphrase: 'listener passphrase',
    });
    const id = await until('the catalogue track', async () => {
      await listener.call('syncCatalogue').catch(() => undefined);
      return (await listener.call<number[]>('listTrackIds', {}))[0];
    });
    const [locked] = await listener.call<{ unlocked: boolean; priceWei: string }[]>('catalogueStates', [id]);
    assert.equal(locked?.unlocked, false);
    assert.equal(locked?.priceWei, '1000000000000000');
    const lockedMedia = await fetch(`http://127.0.0.1:${listener.host.port}/media/${id}`, {
      headers: { Authorization: `Bearer ${listener.host.token}` },
    });
    assert.notEqual(lockedMedia.status, 200);

    const result = await listener.call<UnlockProgress>('unlockTrack', id);
    assert.equal(result.step, 'ready', result.failureReason ?? '');
    const steps = () =>
      events.events
        .filter((event) => event.name === 'onDidUnlockProgress')
        .map((event) => (event.data as UnlockProgress).step);
    await until('the ready event', async () => steps().includes('ready'), 5_000);
    assert.ok(steps().includes('confirming'), steps().join(', '));
    events.stop();

    const media = await fetch(`http://127.0.0.1:${listener.host.port}/media/${id}`, {
      headers: { Authorization: `Bearer ${listener.host.token}` },
    });
    assert.equal(media.status, 200);
    assert.ok(Buffer.from(await media.arrayBuffer()).equals(original), 'the decrypted bytes are the file');

    const offline = await listener.call<{ offline: boolean; unlocked: boolean }>(
      'setAvailableOffline',
      id,
      true,
    );
    assert.deepEqual([offline.unlocked, offline.offline], [true, true]);

    // The artist sees the tip in their earnings and withdraws it to another address.
    const earnings = await artist.call<Earnings>('earnings');
    assert.equal(earnings.tips.length, 1);
    assert.equal(earnings.tips[0]?.amountWei, '1000000000000000');
    assert.equal(earnings.tips[0]?.listener.toLowerCase(), harness.wallet(2).address.toLowerCase());
    assert.equal(earnings.totalWei, '1000000000000000');
    assert.equal(earnings.balanceWei, '1000000000000000');
    const payee = harness.wallet(5).address;
    const before = await harness.fixture.provider.getBalance(payee);
    const afterWithdraw = await artist.call<{ balanceWei: string | null }>('withdraw', payee);
    assert.equal(afterWithdraw.balanceWei, '0');
    assert.equal((await harness.fixture.provider.getBalance(payee)) - before, 1_000_000_000_000_000n);
    const emptied = await artist.call<Earnings>('earnings');
    assert.deepEqual([emptied.balanceWei, emptied.totalWei], ['0', '1000000000000000']);
    await assert.rejects(artist.call('withdraw', null), /nothing|no tips|balance/i);
  } finally {
    clearInterval(miner);
  }
});
