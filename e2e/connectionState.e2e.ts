/**
 * A connection state that is true, in Debian's Chromium against the headless host on a real
 * network (anvil with the contracts, a key server): the host goes away and comes back on the
 * same port (the page recovers without a reload and shows what the library gained meanwhile),
 * restarts with a new link (the page says to open it), the key server stops, then the chain
 * does; the sidebar's status names each within 10 s. Screenshots and an axe check of each state go with the test results.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppBackend } from '../core/api/appBackend';
import type { MarketOptions } from '../core/app/marketOptions';
import { openBackend } from '../core/app/openBackend';
import { KeyServerHarness, type TestServer } from '../keyserver/testing/keyServerHarness';
import { startBackend, type TestBackend } from '../keyserver/testing/testDatabases';
import { startHeadlessHost, type HeadlessHost } from '../main/headless/headlessHost';
import { hostUnreachableMessage } from '../renderer/bridge/bridgeTypes';
import { writeNetworkFile } from '../protocol/networkFile';
import { runTool } from '../testkit/audioFixtures';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

/** What the issue asks for: a dead part is named within seconds. */
const namedWithinMs = 10_000;

let root: string;
let keyDb: TestBackend;
let harness: KeyServerHarness;
let keyServer: TestServer;
let session: E2eSession | undefined;
/** The host and backend running now, once the first ones were taken away. */
let running: { host: HeadlessHost; backend: AppBackend } | undefined;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-connection-'));
  keyDb = await startBackend('sqlite');
  harness = await KeyServerHarness.start();
  keyServer = await harness.startServer({
    store: await (await keyDb.createDatabase()).open(),
    ownsStore: true,
  });
});

after(async () => {
  await session?.page.context().browser()?.close();
  if (running) {
    await running.host.close();
    await running.backend.close();
  } else await session?.close();
  await harness.close();
  await keyDb.stop();
  await rm(root, { recursive: true, force: true });
});

async function statusSays(page: Page, text: string, timeout = 60_000): Promise<number> {
  const started = Date.now();
  await page.locator('.connection-status', { hasText: text }).waitFor({ timeout });
  return Date.now() - started;
}

async function checkState(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `connection-${name}`);
  assert.deepEqual(await seriousAxeViolations(page), [], `axe on ${name}`);
}

async function takeAway(current: { host: HeadlessHost; backend: AppBackend }): Promise<void> {
  await current.host.close();
  await current.backend.close();
}

test('the status names a dead host, chain or key server within seconds, and recovers', async () => {
  const networkFile = join(root, 'network.json');
  await writeNetworkFile(networkFile, {
    chainId: harness.chainId,
    rpcUrl: harness.fixture.node.rpcUrl,
    factory: harness.fixture.deployment.factory,
    keyServer: keyServer.url,
  });
  const market: MarketOptions = {
    networkFile,
    peers: [],
    walletScryptN: 2 ** 10,
    vaultScrypt: { N: 2 ** 10, r: 8, p: 1 },
    onProblem: () => undefined,
  };
  const dataDir = join(root, 'data');
  session = await openE2eSession({ dataDir, market });
  const { page } = session;
  await statusSays(page, 'Network: connected');
  // A polite live region: screen readers hear each change without losing their place.
  assert.equal(await page.locator('.connection-status').getAttribute('role'), 'status');
  await checkState(page, 'connected');
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // The host goes away: its HTTP server and its backend, as when the process dies.
  const { port, token } = session.host;
  await takeAway(session);
  const hostGoneMs = await statusSays(page, 'Busker host not reachable — retrying…', namedWithinMs);
  // What fails while the host is away says so, and stays until the host answers again.
  await page
    .getByRole('navigation', { name: 'Library sections' })
    .getByRole('button', { name: 'Albums' })
    .click();
  const unreachableNotice = page.locator('.notice--error', { hasText: hostUnreachableMessage });
  await unreachableNotice.waitFor();
  await checkState(page, 'host-unreachable');
  // A narrow window folds the sidebar, and the status with it: its button carries the problem.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 800, height: 600 });
  await page.getByRole('button', { name: 'Library menu. Busker host not reachable — retrying…' }).waitFor();
  await checkState(page, 'host-unreachable-narrow');
  if (viewport) await page.setViewportSize(viewport);

  // A host on the same port and data folder, with the same link: the page recovers by itself.
  const restart = async (withToken: string) => {
    const backend = openBackend({ dataDir, host: 'headless', watchFolders: true, market });
    const host = await startHeadlessHost({
      backend,
      port,
      token: withToken,
      rendererDir: resolve('dist/renderer'),
      uploadsDir: join(dataDir, 'uploads'),
    });
    running = { host, backend };
  };
  // While it was away, the library changed: the page shows it when the host is back, unasked.
  const awayFolder = join(root, 'imported-while-away');
  await mkdir(awayFolder);
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=2', '-c:a', 'flac'],
    ...['-metadata', 'title=Came While Away', '-metadata', 'album=Recorded While Away'],
    join(awayFolder, 'away.flac'),
  ]);
  const offline = openBackend({ dataDir, host: 'headless' });
  assert.equal((await offline.api.importFolder(awayFolder)).added, 1);
  await offline.close();
  await restart(token);
  await statusSays(page, 'Network: connected');
  await page.getByText('Recorded While Away').first().waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
  await unreachableNotice.waitFor({ state: 'detached' });

  // The key server stops, then the chain: each is named in its own words.
  await keyServer.close();
  const keyServerMs = await statusSays(page, 'The key server is not answering', namedWithinMs);
  await checkState(page, 'key-server-down');
  await harness.fixture.node.stop();
  const chainMs = await statusSays(page, "The network's chain is not answering", namedWithinMs);
  await checkState(page, 'chain-down');

  // A host restarted by `busker serve` has a new link: the page says to open it, not "retrying".
  await takeAway(running!);
  await statusSays(page, 'Busker host not reachable', namedWithinMs);
  await restart('a-new-token-after-restart');
  await statusSays(page, 'Busker restarted with a new link');
  await checkState(page, 'signed-out');
  assert.deepEqual(session.pageErrors, []);
  console.log(`named after: host ${hostGoneMs} ms, key server ${keyServerMs} ms, chain ${chainMs} ms`);
});
