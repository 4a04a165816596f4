/**
 * The real Electron app, driven by Playwright: the window loads busker://app, the page is
 * isolated from Node, the typed IPC answers and validates, and an imported library shows up
 * and streams. Needs an Electron binary (ELECTRON_PATH or a downloaded `electron` package);
 * without one it says so and skips, unless BUSKER_REQUIRE_ELECTRON=1 (the release workflow) makes
 * that a failure.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { ImportSummary, LibraryStats, PreloadBridge } from '../core/api/appApi';
import { makeAudioFixtures, type AudioFixtures } from '../testkit/audioFixtures';

/** What the page's global object looks like from here (this file compiles without the DOM lib). */
declare const window: {
  busker?: PreloadBridge;
  open(url: string): unknown;
  require?: unknown;
  __pwned?: unknown;
};

const projectDir = resolve(import.meta.dirname, '..');
const NO_ELECTRON = 'Electron binary not available on this machine (set ELECTRON_PATH)';
const NO_DISPLAY = 'No display for Electron (set DISPLAY, e.g. run under xvfb-run)';

/** ELECTRON_PATH, else a binary the electron package already has; never triggers its download. */
function findElectronBinary(): string | null {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
    const binary = join(distDir, readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const electronPath = findElectronBinary();
const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const missing = electronPath === null ? NO_ELECTRON : hasDisplay ? null : NO_DISPLAY;

if (missing !== null && process.env.BUSKER_REQUIRE_ELECTRON === '1') {
  test('Busker in Electron', () => {
    assert.fail(`${missing}, and BUSKER_REQUIRE_ELECTRON=1 forbids skipping the Electron tests`);
  });
} else if (missing !== null) {
  const skipReason = `${missing}: skipped`;
  console.log(skipReason);
  test('Busker in Electron', (t) => {
    t.skip(skipReason);
  });
} else {
  describe('Busker in Electron', () => {
    let app: ElectronApplication;
    let page: Page;
    let workDir: string;
    let fixtures: AudioFixtures;

    before(async () => {
      assert.ok(
        existsSync(join(projectDir, 'dist/main/main.js')),
        'dist/main/main.js is missing: run `npm run build` first',
      );
      workDir = await mkdtemp(join(tmpdir(), 'busker-electron-e2e-'));
      fixtures = await makeAudioFixtures(join(workDir, 'music'));
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
      }
      env.BUSKER_DATA_DIR = join(workDir, 'data');
      // Chromium refuses to run its sandbox as root (CI containers): only then is it turned off.
      const rootOnly = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
      app = await _electron.launch({
        executablePath: electronPath as string,
        args: [...rootOnly, projectDir],
        cwd: projectDir,
        env,
        timeout: 60_000,
      });
      page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
    });

    after(async () => {
      await app?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    test('the window shows the app from busker://app', () => {
      assert.equal(page.url(), 'busker://app/index.html');
    });

    test('the page gets the bridge and nothing of Node or Electron', async () => {
      const seen = await page.evaluate(() => {
        const bridge = window.busker;
        return {
          bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
          apiVerbs: bridge ? Object.entries(bridge.api).map(([name, verb]) => [name, typeof verb]) : [],
          require: typeof window.require,
          process: typeof (globalThis as unknown as { process?: unknown }).process,
          module: typeof (globalThis as unknown as { module?: unknown }).module,
        };
      });
      assert.deepEqual(seen.bridgeKeys, ['api', 'on', 'pathForFile']);
      assert.ok(seen.apiVerbs.length >= 9);
      for (const [name, type] of seen.apiVerbs) assert.equal(type, 'function', name);
      assert.equal(seen.require, 'undefined');
      assert.equal(seen.process, 'undefined');
      assert.equal(seen.module, 'undefined');
    });

    test('libraryStats answers over IPC (a fresh, empty library)', async () => {
      const stats = await page.evaluate(() => window.busker!.api.libraryStats());
      assert.deepEqual(stats satisfies LibraryStats, { tracks: 0, albums: 0, artists: 0 });
      const capabilities = await page.evaluate(() => window.busker!.api.capabilities());
      assert.deepEqual(capabilities, {
        host: 'electron',
        folderPicker: true,
        market: true,
        desktopShell: true,
      });
    });

    test('a call with bad arguments is rejected with a message and a code', async () => {
      const outcome = await page.evaluate(async () => {
        try {
          await window.busker!.api.listTracks({ offset: -1, limit: 0 });
          return { rejected: false, message: '', code: '' };
        } catch (error) {
          const { message, code } = error as { message?: unknown; code?: unknown };
          return { rejected: true, message: String(message), code: String(code) };
        }
      });
      assert.equal(outcome.rejected, true);
      assert.equal(outcome.code, 'BAD_REQUEST');
      assert.match(outcome.message, /Invalid arguments for listTracks/);
      assert.doesNotMatch(outcome.message, /Error invoking remote method/);
    });

    test('the empty app renders its controls', async () => {
      await page.getByRole('button').first().waitFor({ state: 'visible' });
    });

    test('the page cannot open windows or reach the network', async () => {
      const outcome = await page.evaluate(async () => ({
        opened: window.open('file:///etc/passwd') !== null,
        fetched: await fetch('https://example.org/').then(
          () => 'loaded',
          () => 'blocked',
        ),
      }));
      assert.deepEqual(outcome, { opened: false, fetched: 'blocked' });
    });

    test('an imported folder appears in the UI and its tracks stream with ranges', async () => {
      const summary = await page.evaluate((folder) => window.busker!.api.importFolder(folder), fixtures.dir);
      assert.equal((summary satisfies ImportSummary).added, fixtures.tracks.length);

      const first = fixtures.tracks.find((track) => track.title === 'Plain Tone') ?? fixtures.tracks[0]!;
      await page.getByText(first.title, { exact: true }).first().waitFor({ state: 'visible' });

      const streamed = await page.evaluate(async () => {
        const page = await window.busker!.api.listTracks({ offset: 0, limit: 1 });
        const id = page.tracks[0]!.id;
        const response = await fetch(`busker://track/${id}`, { headers: { Range: 'bytes=0-15' } });
        return {
          status: response.status,
          contentRange: response.headers.get('content-range'),
          bytes: (await response.arrayBuffer()).byteLength,
        };
      });
      assert.equal(streamed.status, 206);
      assert.match(streamed.contentRange ?? '', /^bytes 0-15\/\d+$/);
      assert.equal(streamed.bytes, 16);

      const pwned = await page.evaluate(() => window.__pwned);
      assert.equal(pwned, undefined, 'a tag rendered as HTML ran script');
    });

    test("busker://app enforces the app's CSP: an injected inline script does not run", async () => {
      const outcome = await page.evaluate(async () => {
        const reported = new Promise<string>((resolveReport) =>
          document.addEventListener(
            'securitypolicyviolation',
            (event) => resolveReport(event.effectiveDirective),
            {
              once: true,
            },
          ),
        );
        const script = document.createElement('script');
        script.textContent = 'window.__pwned = "inline script"';
        document.body.append(script);
        return { directive: await reported, pwned: window.__pwned };
      });
      assert.deepEqual(outcome, { directive: 'script-src-elem', pwned: undefined });
    });

    test('links: only a clicked http(s) link reaches the browser, and no window ever opens', async () => {
      // Stand in for the user's browser: record what main hands to shell.openExternal.
      await app.evaluate(({ shell }) => {
        const state = globalThis as unknown as { opened: string[]; nextOpen: Promise<string> };
        state.opened = [];
        let announce: (url: string) => void = () => {};
        const arm = () => (state.nextOpen = new Promise((resolveOpen) => (announce = resolveOpen)));
        arm();
        shell.openExternal = async (url: string) => {
          state.opened.push(url);
          announce(url);
          arm();
        };
      });
      const nextOpen = () =>
        app.evaluate(() => (globalThis as unknown as { nextOpen: Promise<string> }).nextOpen);

      const byScript = await page.evaluate(() => window.open('https://example.org/by-script') === null);
      assert.equal(byScript, true, 'window.open returned a window');
      await page.evaluate(() => {
        const links = document.createElement('div');
        links.id = 'hardening-links';
        // Through the CSSOM: the page's CSP refuses style attributes in markup.
        Object.assign(links.style, { position: 'fixed', top: '0', left: '0', zIndex: '2147483647' });
        links.innerHTML =
          '<a id="local" href="file:///etc/passwd" target="_blank">local</a>' +
          '<a id="external" href="https://example.org/clicked" target="_blank">external</a>' +
          '<a id="same-window" href="https://example.org/same-window">same window</a>';
        document.body.prepend(links);
      });
      await page.click('#local');
      let opened = nextOpen();
      await page.click('#external');
      assert.equal(await opened, 'https://example.org/clicked');
      opened = nextOpen();
      await page.click('#external', { button: 'middle' });
      assert.equal(await opened, 'https://example.org/clicked');
      opened = nextOpen();
      await page.click('#same-window');
      assert.equal(await opened, 'https://example.org/same-window');

      const state = await app.evaluate(({ BrowserWindow }) => ({
        opened: (globalThis as unknown as { opened: string[] }).opened,
        windows: BrowserWindow.getAllWindows().length,
      }));
      assert.deepEqual(state, {
        opened: [
          'https://example.org/clicked',
          'https://example.org/clicked',
          'https://example.org/same-window',
        ],
        windows: 1,
      });
      assert.equal(page.url(), 'busker://app/index.html');
      await page.evaluate(() => document.getElementById('hardening-links')?.remove());
    });

    test('the page cannot navigate away, attach a webview or get a permission', async () => {
      await page.evaluate(() => {
        location.href = 'https://example.org/navigated';
      });
      // The bridge still answers from the same page: the navigation never happened.
      assert.deepEqual(await page.evaluate(() => window.busker!.api.capabilities()), {
        host: 'electron',
        folderPicker: true,
        market: true,
        desktopShell: true,
      });
      assert.equal(page.url(), 'busker://app/index.html');
      const outcome = await page.evaluate(async () => ({
        webview: document.createElement('webview') instanceof HTMLUnknownElement,
        notifications: await Notification.requestPermission(),
        geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
        microphone: await navigator.mediaDevices.getUserMedia({ audio: true }).then(
          () => 'granted',
          (error: Error) => error.name,
        ),
      }));
      assert.deepEqual(outcome, {
        webview: true,
        notifications: 'denied',
        geolocation: 'denied',
        microphone: 'NotAllowedError',
      });
    });
  });
}
