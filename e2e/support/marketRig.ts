/**
 * A small paid network for the market's end-to-end tests: one anvil (a block a second), one key
 * server, and an artist (a headless backend with no page) who has published generated tracks.
 * Listeners open their own sessions on it; the key server can be stopped and started again.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { MarketOptions } from '../../core/app/marketOptions';
import { openBackend } from '../../core/app/openBackend';
import type { AppBackend } from '../../core/api/appBackend';
import { KeyServerHarness, type TestServer } from '../../keyserver/testing/keyServerHarness';
import { startBackend, type TestBackend, type TestDatabase } from '../../keyserver/testing/testDatabases';
import { writeNetworkFile } from '../../protocol/networkFile';
import { runTool } from '../../testkit/audioFixtures';
import type { Locator, Page } from 'playwright-core';
import { openE2eSession, testMarket, type E2eSession } from './browserSession';

export interface MarketRig {
  root: string;
  harness: KeyServerHarness;
  /** The artist's backend (until closeArtist). */
  artist: AppBackend;
  artistName: string;
  titles: string[];
  /** Opens a listener on `dataDir` (kept on close, so it can restart) peered with the artist. */
  openListener(dataDir: string): Promise<E2eSession>;
  /**
   * Opens a listener on `root/listener` with a new, empty wallet, once the catalogue has reached
   * it: the first title's "Tip & unlock" button shows.
   */
  openWalletListener(): Promise<{ listener: E2eSession; address: string }>;
  /** A published title's "Tip & unlock" button, at the rig's price. */
  tipButton(page: Page, title: string): Locator;
  stopKeyServer(): Promise<void>;
  /** Starts the key server again on the same address with the same data (after stopKeyServer). */
  restartKeyServer(): Promise<void>;
  /** The artist's computer goes away (its IPFS peer with it). */
  closeArtist(): Promise<void>;
  close(): Promise<void>;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 180_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Starts a rig before this test file's tests and closes it, with the listeners it opened, after
 * them; the function returned gives the rig to the tests.
 */
export function marketRigForTests(options: { titles: string[]; priceEth: string }): () => MarketRig {
  let rig: MarketRig | undefined;
  before(async () => {
    rig = await startMarketRig(options);
  });
  after(async () => {
    await rig?.close();
  });
  return () => {
    if (!rig) throw new Error('The market rig starts in before(): use it in tests.');
    return rig;
  };
}

export async function startMarketRig(options: { titles: string[]; priceEth: string }): Promise<MarketRig> {
  const root = await mkdtemp(join(tmpdir(), 'busker-e2e-market-'));
  const sessions: E2eSession[] = [];
  let keyDb: TestBackend | undefined;
  let harness: KeyServerHarness | undefined;
  let keyServer: TestServer | undefined;
  let artist: AppBackend | undefined;
  const close = async () => {
    for (const session of sessions.reverse()) await session.close().catch(() => undefined);
    await artist?.close();
    await keyServer?.close();
    await harness?.close();
    await keyDb?.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    keyDb = await startBackend('sqlite');
    harness = await KeyServerHarness.start();
    await harness.fixture.provider.send('evm_setIntervalMining', [1]);
    const keyData: TestDatabase = await keyDb.createDatabase();
    const serveKeys = async (openedHarness: KeyServerHarness, port?: number) =>
      openedHarness.startServer({
        store: await keyData.open(),
        ownsStore: true,
        confirmations: 2,
        ...(port === undefined ? {} : { port }),
      });
    keyServer = await serveKeys(harness);
    const keyServerPort = Number(new URL(keyServer.url).port);
    const networkFile = join(root, 'network.json');
    await writeNetworkFile(networkFile, {
      chainId: harness.chainId,
      rpcUrl: harness.fixture.node.rpcUrl,
      factory: harness.fixture.deployment.factory,
      keyServer: keyServer.url,
    });
    const market = (peers: string[]): MarketOptions =>
      testMarket(networkFile, { peers, unlockRetry: { firstDelayMs: 200, maxDelayMs: 1_000 } });

    const musicDir = join(root, 'music');
    await mkdir(musicDir);
    const files = options.titles.map((title) => join(musicDir, `${title}.flac`));
    await Promise.all(
      options.titles.map((title, index) =>
        runTool('ffmpeg', [
          ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
          ...['-i', `sine=frequency=${330 + 110 * index}:sample_rate=22050:duration=20`],
          ...['-metadata', `title=${title}`, '-metadata', 'artist=Busker Band', '-c:a', 'flac'],
          files[index]!,
        ]),
      ),
    );
    const artistName = 'Busker Band';
    artist = openBackend({ dataDir: join(root, 'artist'), host: 'headless', market: market([]) });
    await artist.api.setUpWallet({ kind: 'developmentAccount', index: 1, passphrase: 'artist passphrase' });
    await artist.api.becomeArtist(artistName);
    await artist.api.publishFiles(files, options.priceEth);
    const publishing = artist;
    await until('the artist’s tracks published', async () => {
      const jobs = await publishing.api.listPublishJobs();
      const failed = jobs.find((job) => job.step === 'failed');
      if (failed) throw new Error(`publishing failed: ${failed.failureReason ?? ''}`);
      return jobs.length === files.length && jobs.every((job) => job.step === 'done');
    });
    const peers = await artist.peerAddresses();
    const openListener = async (dataDir: string) => {
      const session = await openE2eSession({ dataDir, market: market(peers) });
      sessions.push(session);
      const closeSession = session.close.bind(session);
      session.close = async () => {
        sessions.splice(sessions.indexOf(session), 1);
        await closeSession();
      };
      return session;
    };
    const tipButton = (page: Page, title: string) =>
      page.getByRole('button', { name: `Tip & unlock ${title} for ${options.priceEth} ETH`, exact: true });
    const openedHarness = harness;
    return {
      root,
      harness: openedHarness,
      artist,
      artistName,
      titles: options.titles,
      openListener,
      async openWalletListener() {
        const listener = await openListener(join(root, 'listener'));
        const wallet = { kind: 'create', passphrase: 'listener passphrase' } as const;
        const { address } = await listener.backend.api.setUpWallet(wallet);
        await tipButton(listener.page, options.titles[0] ?? '').waitFor({ timeout: 120_000 });
        return { listener, address };
      },
      tipButton,
      async closeArtist() {
        await artist?.close();
        artist = undefined;
      },
      async stopKeyServer() {
        await keyServer?.close();
        keyServer = undefined;
      },
      async restartKeyServer() {
        if (keyServer) throw new Error('the key server is running');
        keyServer = await serveKeys(openedHarness, keyServerPort);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
