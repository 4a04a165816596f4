/**
 * The renderer's Content-Security-Policy, enforced by a real Chromium (Debian's, through
 * playwright-core). The page is served by the very handler Electron's busker://app uses
 * (main/buskerProtocol.ts: its CSP header, plus the page's own meta policy) from a loopback HTTP
 * origin, with a stand-in for the preload's `window.busker` that calls the real backend like IPC
 * does; so the app runs as in Electron, under Electron's policy. Then script is injected the ways
 * an attacker would try, and none of it runs. The headless host's own policy is checked too.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppBackend } from '../core/api/appBackend';
import { appMethods } from '../core/api/appMethods';
import { openBackend } from '../core/app/openBackend';
import { dispatchAppCall } from '../main/appCall';
import { createAppFileHandler } from '../main/buskerProtocol';
import { APP_CONTENT_SECURITY_POLICY } from '../main/contentSecurityPolicy';
import { sendWebResponse, toWebRequest } from '../main/headless/nodeWebBridge';
import { chromiumPath, openE2eSession } from './support/browserSession';

interface Violation {
  directive: string;
  blocked: string;
}

declare global {
  interface Window {
    __violations: Violation[];
    __pwned?: string;
    __evalOutcome?: string[];
  }
}

const preloadStandIn = resolve('e2e/support/preloadStandIn.browser.js');

/**
 * Same-origin, so the policy lets it load; it then tries to compile strings as code, which only
 * 'unsafe-eval' would allow. (page.evaluate itself is exempt from the page's eval rule.)
 */
const EVAL_PROBE_PATH = '/__eval-probe.js';
const EVAL_PROBE = `window.__evalOutcome = [() => eval('1 + 1'), () => new Function('return 1')()].map((attempt) => {
  try { attempt(); return 'ran'; } catch (error) { return error.name; }
});`;

async function violationsFor(page: Page, directive: string): Promise<Violation[]> {
  await page.waitForFunction((wanted) => window.__violations.some((v) => v.directive === wanted), directive);
  return page.evaluate((wanted) => window.__violations.filter((v) => v.directive === wanted), directive);
}

describe("the renderer under Electron's Content-Security-Policy, in Chromium", () => {
  let dataDir: string;
  let backend: AppBackend;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let pageCsp: string | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'busker-csp-'));
    backend = openBackend({ dataDir, host: 'electron' });
    const serveAppFiles = createAppFileHandler(resolve('dist/renderer'));
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === EVAL_PROBE_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(EVAL_PROBE);
        return;
      }
      serveAppFiles(toWebRequest(req, res, url))
        .then((response) => sendWebResponse(response, req, res))
        .catch(() => res.destroy());
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    page = await browser.newPage();
    await page.exposeFunction('__buskerCall', (method: string, args: unknown[]) =>
      appMethods.includes(method as never) ? dispatchAppCall(backend.api, method as never, args) : null,
    );
    await page.addInitScript({ path: preloadStandIn });
    const response = await page.goto(`${origin}/index.html`);
    pageCsp = response?.headers()['content-security-policy'];
    await page.getByRole('button', { name: 'Import folder' }).first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await new Promise((closed) => server?.close(closed));
    backend?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('the page comes with the strict policy, in the header and in the page, and renders under it', async () => {
    assert.equal(pageCsp, APP_CONTENT_SECURITY_POLICY);
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(meta ?? '', /script-src 'self';/);
    // The comment in front of <!doctype html> must not put the page in quirks mode.
    assert.equal(await page.evaluate(() => document.compatMode), 'CSS1Compat');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the app itself broke its policy');
  });

  test('an injected inline script does not run', async () => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = "inline script"';
      document.body.append(script);
    });
    const reports = await violationsFor(page, 'script-src-elem');
    assert.ok(reports.some((report) => report.blocked === 'inline'));
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  });

  test('an inline event handler in injected markup does not run', async () => {
    await page.evaluate(() => {
      const holder = document.createElement('div');
      holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__pwned = \'event handler\'">';
      document.body.append(holder);
    });
    await violationsFor(page, 'script-src-attr');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  });

  test('scripts from data: and blob: URLs do not load', async () => {
    await page.evaluate(() => {
      for (const src of [
        'data:text/javascript,window.__pwned = "data URL"',
        URL.createObjectURL(new Blob(['window.__pwned = "blob URL"'], { type: 'text/javascript' })),
      ]) {
        const script = document.createElement('script');
        script.src = src;
        document.body.append(script);
      }
    });
    await page.waitForFunction(
      () =>
        window.__violations.filter((v) => v.directive === 'script-src-elem' && v.blocked !== 'inline')
          .length >= 2,
    );
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  });

  test('code compiled from strings (eval, new Function) is refused', async () => {
    await page.evaluate((src) => {
      const script = document.createElement('script');
      script.src = src;
      document.body.append(script);
    }, EVAL_PROBE_PATH);
    await page.waitForFunction(() => window.__evalOutcome !== undefined);
    assert.deepEqual(await page.evaluate(() => window.__evalOutcome), ['EvalError', 'EvalError']);
    await violationsFor(page, 'script-src');
  });

  test('the page cannot reach the network or frame anything', async () => {
    const fetched = await page.evaluate(() =>
      fetch('http://127.0.0.1:9/').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    assert.equal(fetched, 'blocked');
    await violationsFor(page, 'connect-src');
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, `${origin}/index.html`);
    await violationsFor(page, 'frame-src');
  });
});

describe("the headless host's page, in Chromium", () => {
  test('enforces its own policy: an injected inline script does not run', async () => {
    const session = await openE2eSession();
    try {
      await session.page
        .getByRole('button', { name: /Import/ })
        .first()
        .waitFor();
      const ran = await session.page.evaluate(async () => {
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
      assert.deepEqual(ran, { directive: 'script-src-elem', pwned: undefined });
    } finally {
      await session.close();
    }
  });
});
