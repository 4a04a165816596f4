/**
 * One end-to-end session: a real library in a temp folder, the headless host on 127.0.0.1 and
 * Debian's Chromium driven by playwright-core, with an AnalyserNode on every audio element the
 * page plays (outputProbe.browser.js) so a test can prove that sound is rendered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MarketOptions } from '../../core/app/marketOptions';
import { openBackend } from '../../core/app/openBackend';
import type { AppBackend } from '../../core/api/appBackend';
import { startHeadlessHost, type HeadlessHost } from '../../main/headless/headlessHost';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

const outputProbeScript = resolve('e2e/support/outputProbe.browser.js');

export interface E2eSession {
  page: Page;
  dataDir: string;
  backend: AppBackend;
  host: HeadlessHost;
  pageErrors: string[];
  close(): Promise<void>;
}

export interface E2eSessionOptions {
  /** A data folder the caller owns (kept on close, so a host can restart on it). */
  dataDir?: string;
  /** Turns on the paying half of the API (wallet, chain, IPFS). */
  market?: MarketOptions;
}

export async function openE2eSession(options: E2eSessionOptions = {}): Promise<E2eSession> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'busker-e2e-data-')));
  const backend = openBackend({
    dataDir,
    host: 'headless',
    watchFolders: true,
    ...(options.market ? { market: options.market } : {}),
  });
  const host = await startHeadlessHost({
    backend,
    rendererDir: resolve('dist/renderer'),
    uploadsDir: join(dataDir, 'uploads'),
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript({ path: outputProbeScript });
    await page.goto(host.url);
    const openedBrowser = browser;
    return {
      page,
      dataDir,
      backend,
      host,
      pageErrors,
      async close() {
        await openedBrowser.close();
        await host.close();
        await backend.close();
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await host.close();
    await backend.close();
    throw error;
  }
}

/**
 * The market of a test session on the network `networkFile` describes: no peers, a catalogue sync
 * every 500 ms, cheap key stretching, problems not reported; `overrides` win.
 */
export function testMarket(networkFile: string, overrides: Partial<MarketOptions> = {}): MarketOptions {
  return {
    networkFile,
    peers: [],
    syncIntervalMs: 500,
    walletScryptN: 2 ** 10,
    vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
    onProblem: () => undefined,
    ...overrides,
  };
}

/**
 * A session whose market has no network at all (none joined, no local network: the network file
 * in `root` does not exist), as a newcomer's first run.
 */
export function openNoNetworkSession(
  root: string,
  overrides: Partial<MarketOptions> = {},
): Promise<E2eSession> {
  return openE2eSession({ market: testMarket(join(root, 'no-network.json'), overrides) });
}
