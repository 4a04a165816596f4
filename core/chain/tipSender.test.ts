import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JsonRpcProvider } from 'ethers';
import { Wallet, id, parseEther, toQuantity } from 'ethers';
import { openChainDatabase } from './chainDatabase';
import type { ChainDatabase } from './chainDatabase';
import { startContractFixture } from '../../testkit/contractFixture';
import type { ContractFixture } from '../../testkit/contractFixture';
import { artistInterface } from '../../protocol/contracts';
import type { ArtistContract } from '../../protocol/contracts';
import { createProvider } from '../../protocol/rpcProvider';
import { TipError, TipSender } from './tipSender';
import { TipStore } from './tipStore';

const chainId = 31337;
const price = parseEther('0.01');
let fixture: ContractFixture;
let provider: JsonRpcProvider;
let folder: string;
let artist: ArtistContract;
let artistAddress: string;

before(async () => {
  fixture = await startContractFixture();
  provider = createProvider(fixture.node.rpcUrl, { chainId });
  folder = mkdtempSync(join(tmpdir(), 'busker-tips-'));
  const owner = fixture.wallets[1];
  assert.ok(owner);
  artist = await fixture.createArtist(owner, 'Tipped Artist');
  artistAddress = await artist.getAddress();
  for (const label of ['t0', 't1', 't2']) {
    await (
      await artist.publishTrack(`meta-${label}`, `audio-${label}`, id(label), id(`key-${label}`), price)
    ).wait();
  }
});

after(async () => {
  provider.destroy();
  await fixture.close();
  rmSync(folder, { recursive: true, force: true });
});

let fileCount = 0;
function newDatabaseFile(): string {
  return join(folder, `tips-${(fileCount += 1)}.sqlite`);
}

/** A fresh listener with 1 ETH, so balances and nonces start from a known place. */
async function newListener(): Promise<Wallet> {
  const wallet = Wallet.createRandom().connect(provider);
  await provider.send('anvil_setBalance', [wallet.address, toQuantity(parseEther('1'))]);
  return new Wallet(wallet.privateKey, provider);
}

function senderFor(db: ChainDatabase, wallet: Wallet): { sender: TipSender; store: TipStore } {
  const store = new TipStore(db);
  return { store, sender: new TipSender({ provider, wallet, store, chainId, confirmations: 2 }) };
}

async function tippedEvents(listener: string): Promise<number> {
  const event = artistInterface.getEvent('Tipped');
  assert.ok(event);
  const logs = await provider.getLogs({
    address: artistAddress,
    topics: [event.topicHash, null, `0x${listener.slice(2).toLowerCase().padStart(64, '0')}`],
    fromBlock: 0,
  });
  return logs.length;
}

async function mine(blocks: number): Promise<void> {
  await provider.send('anvil_mine', [toQuantity(blocks)]);
}

describe('tip sender', () => {
  test('a tip is recorded, sent and confirmed, and grants access', async () => {
    const listener = await newListener();
    const db = openChainDatabase(newDatabaseFile());
    const { sender, store } = senderFor(db, listener);

    const sent = await sender.sendTip({ artist: artistAddress, trackId: 0, amount: price });
    assert.equal(sent.status, 'sent');
    assert.equal(store.get(sent.hash)?.status, 'sent');
    assert.equal(sent.amount, price);
    assert.equal(sent.sender, listener.address);

    const waiting = sender.waitForConfirmations(sent.hash, 3);
    await mine(2);
    const confirmed = await waiting;
    assert.equal(confirmed.status, 'confirmed');
    assert.ok(confirmed.blockNumber !== null);
    assert.ok((await provider.getBlockNumber()) - confirmed.blockNumber + 1 >= 3);
    assert.equal(await artist.hasAccess(0, listener.address), true);
    db.close();
  });

  test('a crash after recording and before broadcasting: the resumed tip lands exactly once', async () => {
    const listener = await newListener();
    const file = newDatabaseFile();
    const artistBalanceBefore = await provider.getBalance(artistAddress);

    const firstRun = openChainDatabase(file);
    const recorded = await senderFor(firstRun, listener).sender.sendTip(
      { artist: artistAddress, trackId: 1, amount: price },
      { stopAfterRecording: true },
    );
    assert.equal(recorded.status, 'signed');
    assert.equal(
      await provider.getTransaction(recorded.hash),
      null,
      'nothing was broadcast before the crash',
    );
    firstRun.close(); // the "crash"

    const secondRun = openChainDatabase(file);
    const { sender, store } = senderFor(secondRun, listener);
    const [resumed] = await sender.resumePendingTips();
    assert.equal(resumed?.hash, recorded.hash, 'the same transaction, not a new one');
    assert.equal(resumed?.status, 'sent');
    await mine(1);
    assert.equal((await sender.waitForConfirmations(recorded.hash)).status, 'confirmed');

    // Resuming again (another restart) sends nothing new.
    assert.deepEqual(await sender.resumePendingTips(), []);
    assert.equal(
      store.listForTrack(artistAddress, 1).filter((tip) => tip.sender === listener.address).length,
      1,
    );
    assert.equal(await tippedEvents(listener.address), 1);
    assert.equal((await provider.getBalance(artistAddress)) - artistBalanceBefore, price);
    assert.equal(await provider.getTransactionCount(listener.address), 1);
    secondRun.close();
  });

  test('a crash after broadcasting and before marking sent: the re-broadcast does not pay twice', async () => {
    const listener = await newListener();
    const file = newDatabaseFile();
    const artistBalanceBefore = await provider.getBalance(artistAddress);
    const firstRun = openChainDatabase(file);
    const sent = await senderFor(firstRun, listener).sender.sendTip({
      artist: artistAddress,
      trackId: 2,
      amount: price,
    });
    // Put the record back as it was between the broadcast and the status update.
    firstRun.prepare(`UPDATE chain_tips SET status = 'signed' WHERE hash = ?`).run(sent.hash);
    firstRun.close();

    const secondRun = openChainDatabase(file);
    const { sender } = senderFor(secondRun, listener);
    const [resumed] = await sender.resumePendingTips();
    assert.equal(resumed?.status, 'sent');
    await mine(1);
    assert.equal((await sender.waitForConfirmations(sent.hash)).status, 'confirmed');
    assert.equal(await tippedEvents(listener.address), 1);
    assert.equal((await provider.getBalance(artistAddress)) - artistBalanceBefore, price);
    secondRun.close();
  });

  test('tips recorded but not sent keep their nonces: a later tip takes the next one', async () => {
    const listener = await newListener();
    const db = openChainDatabase(newDatabaseFile());
    const { sender } = senderFor(db, listener);
    const first = await sender.sendTip(
      { artist: artistAddress, trackId: 0, amount: price },
      { stopAfterRecording: true },
    );
    const second = await sender.sendTip(
      { artist: artistAddress, trackId: 1, amount: price },
      { stopAfterRecording: true },
    );
    assert.equal(first.nonce, 0);
    assert.equal(second.nonce, 1);
    const resumed = await sender.resumePendingTips();
    assert.deepEqual(
      resumed.map((tip) => tip.status),
      ['sent', 'sent'],
    );
    await mine(1);
    assert.equal((await sender.waitForConfirmations(second.hash)).status, 'confirmed');
    assert.equal(await tippedEvents(listener.address), 2);
    db.close();
  });

  test('a tip that reverts on chain is recorded as failed with the reason', async () => {
    const listener = await newListener();
    const owner = fixture.wallets[1];
    assert.ok(owner);
    const db = openChainDatabase(newDatabaseFile());
    const { sender } = senderFor(db, listener);
    await (
      await artist.publishTrack('meta-doomed', 'audio-doomed', id('doomed'), id('key-doomed'), price)
    ).wait();
    const doomedId = Number(await artist.trackCount()) - 1;
    const artistBalanceBefore = await provider.getBalance(artistAddress);

    // Signed while the track takes tips; the artist retires it before the tip is mined.
    const recorded = await sender.sendTip(
      { artist: artistAddress, trackId: doomedId, amount: price },
      { stopAfterRecording: true },
    );
    await (await artist.retireTrack(doomedId)).wait();
    await sender.resumePendingTips();
    await mine(1);
    const failed = await sender.waitForConfirmations(recorded.hash);
    assert.equal(failed.status, 'failed');
    assert.match(failed.failureReason ?? '', /retired/);
    assert.ok(failed.blockNumber !== null);
    assert.equal(await provider.getBalance(artistAddress), artistBalanceBefore);
    assert.equal(await artist.hasAccess(doomedId, listener.address), false);
    // A settled tip is not resumed again.
    assert.deepEqual(await sender.resumePendingTips(), []);
    db.close();
  });

  test('a tip the contract would refuse is rejected before anything is recorded or paid', async () => {
    const listener = await newListener();
    const db = openChainDatabase(newDatabaseFile());
    const { sender, store } = senderFor(db, listener);
    await assert.rejects(
      sender.sendTip({ artist: artistAddress, trackId: 0, amount: price - 1n }),
      (error: unknown) =>
        error instanceof TipError &&
        error.code === 'TIP_REJECTED' &&
        /below the track's price/.test(error.message),
    );
    await assert.rejects(
      sender.sendTip({ artist: artistAddress, trackId: 999, amount: price }),
      (error: unknown) =>
        error instanceof TipError && error.code === 'TIP_REJECTED' && /no such track/.test(error.message),
    );
    await assert.rejects(
      sender.sendTip({ artist: artistAddress, trackId: 0, amount: parseEther('5') }),
      (error: unknown) =>
        error instanceof TipError &&
        error.code === 'INSUFFICIENT_FUNDS' &&
        // In ETH, with what is there, what is needed and where to add funds.
        new RegExp(
          `^Your wallet has [0-9.,]+ ETH; a tip of 5 ETH plus about 0\\.[0-9]+ ETH network fee is needed\\. ` +
            `Nothing was paid\\. Add funds to ${listener.address}, then try again\\.$`,
        ).test(error.message),
    );
    assert.deepEqual(store.listOpen(chainId), []);
    assert.equal(db.prepare('SELECT count(*) FROM chain_tips').pluck().get(), 0);
    assert.equal(await provider.getTransactionCount(listener.address), 0);
    db.close();
  });

  test('a tip the node cannot take stays recorded and is sent on resume', async () => {
    const listener = await newListener();
    const db = openChainDatabase(newDatabaseFile());
    const store = new TipStore(db);
    // A provider pointing at a port nobody listens on: the network is down.
    const offline = createProvider('http://127.0.0.1:9', { chainId });
    const offlineSender = new TipSender({ provider: offline, wallet: listener, store, chainId });
    const recorded = await new TipSender({ provider, wallet: listener, store, chainId }).sendTip(
      { artist: artistAddress, trackId: 0, amount: price },
      { stopAfterRecording: true },
    );
    await assert.rejects(
      offlineSender.resumePendingTips(),
      (error: unknown) =>
        error instanceof TipError && error.code === 'NOT_SENT' && /saved/.test(error.message),
    );
    offline.destroy();
    assert.equal(store.get(recorded.hash)?.status, 'signed');
    const { sender } = senderFor(db, listener);
    const [resumed] = await sender.resumePendingTips();
    assert.equal(resumed?.status, 'sent');
    db.close();
  });
});
