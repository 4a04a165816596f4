import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBackend } from '../core/app/openBackend';
import { createAppFileHandler, createBuskerProtocolHandler } from './buskerProtocol';

function recordingRoutes() {
  const seen: string[] = [];
  const handler = createBuskerProtocolHandler({
    appFiles: async (request) => {
      seen.push(`app ${request.url}`);
      return new Response('page');
    },
    media: async (request) => {
      seen.push(`media ${request.url}`);
      if (request.url.endsWith('/666')) throw new Error('disk on fire at /home/user/music');
      return new Response('audio', { status: 206, headers: { 'Content-Range': 'bytes 0-4/10' } });
    },
  });
  return { seen, handler };
}

test('routes app, track and cover requests by host', async () => {
  const { seen, handler } = recordingRoutes();
  assert.equal(await (await handler(new Request('busker://app/index.html'))).text(), 'page');
  await handler(new Request('busker://track/7'));
  await handler(new Request('busker://cover/3'));
  assert.deepEqual(seen, ['app busker://app/index.html', 'media busker://track/7', 'media busker://cover/3']);
});

test('media responses keep status and range headers and allow only the app origin', async () => {
  const { handler } = recordingRoutes();
  const response = await handler(new Request('busker://track/7', { headers: { Range: 'bytes=0-4' } }));
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('content-range'), 'bytes 0-4/10');
  assert.equal(response.headers.get('access-control-allow-origin'), 'busker://app');
  assert.equal(await response.text(), 'audio');
});

test('unknown hosts are 404 and reach no handler', async () => {
  const { seen, handler } = recordingRoutes();
  for (const url of ['busker://evil/index.html', 'busker://apps/index.html', 'busker://tracks/1']) {
    assert.equal((await handler(new Request(url))).status, 404, url);
  }
  assert.deepEqual(seen, []);
});

test('a failing handler becomes a 500 that leaks no details', async () => {
  const { handler } = recordingRoutes();
  const originalError = console.error;
  console.error = () => {};
  try {
    const response = await handler(new Request('busker://track/666'));
    assert.equal(response.status, 500);
    assert.doesNotMatch(await response.text(), /home|fire/);
  } finally {
    console.error = originalError;
  }
});

test('the app files are the renderer with a strict CSP', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-appfiles-'));
  try {
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Busker</title>');
    const serve = createAppFileHandler(dir);
    for (const url of ['busker://app/index.html', 'busker://app/']) {
      const response = await serve(new Request(url));
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(await response.text(), '<!doctype html><title>Busker</title>');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the scheme serves nothing outside the renderer files and the media routes', async () => {
  const base = await mkdtemp(join(tmpdir(), 'busker-scheme-scope-'));
  const root = join(base, 'renderer');
  const backend = openBackend({ dataDir: join(base, 'data'), host: 'electron' });
  const secret = 'SECRET-OUTSIDE-THE-APP';
  const originalError = console.error;
  console.error = () => {};
  try {
    await mkdir(join(root, 'sub'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Busker</title>');
    await writeFile(join(root, 'app.js'), 'export {};');
    await writeFile(join(root, '.env'), secret);
    await writeFile(join(base, 'secret.txt'), secret);
    await symlink(join(base, 'secret.txt'), join(root, 'link-out'));
    const handle = createBuskerProtocolHandler({
      appFiles: createAppFileHandler(root),
      media: backend.handleMedia,
    });

    assert.equal(
      (await handle(new Request('busker://app/app.js'))).status,
      200,
      'the control: a real app file',
    );
    const refused = [
      // Other hosts of the scheme, look-alikes included.
      'busker://evil/index.html',
      'busker://apps/index.html',
      'busker://app.evil/index.html',
      'busker://track.evil/1',
      'busker://localhost/index.html',
      'busker://127.0.0.1/index.html',
      'busker:///index.html',
      // Out of the renderer folder, however the path is spelled.
      'busker://app/../secret.txt',
      'busker://app/sub/../../secret.txt',
      'busker://app/%2e%2e/secret.txt',
      'busker://app/%2e%2e%2fsecret.txt',
      'busker://app/..%2fsecret.txt',
      'busker://app/..%5csecret.txt',
      'busker://app/%252e%252e/secret.txt',
      'busker://app//etc/passwd',
      'busker://app/%2fetc%2fpasswd',
      'busker://app/C:%5cWindows%5cwin.ini',
      'busker://app/index.html%00.js',
      'busker://app/.env',
      'busker://app/link-out',
      'busker://app/sub',
      // The media routes take a decimal id and nothing else.
      'busker://track/../../etc/passwd',
      'busker://track/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'busker://track/1/../../secret.txt',
      'busker://track/..%2fsecret.txt',
      'busker://track/',
      'busker://track/abc',
      'busker://track/-1',
      'busker://track/1e3',
      'busker://track/0x10',
      'busker://track/99999999999999999999',
      'busker://track/1/extra',
      'busker://cover/../app/index.html',
      'busker://cover/1?path=/etc/passwd',
    ];
    for (const url of refused) {
      const response = await handle(new Request(url));
      assert.ok([400, 404].includes(response.status), `${url} answered ${response.status}`);
      assert.doesNotMatch(await response.text(), new RegExp(secret), url);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await handle(new Request('busker://app/index.html', { method }));
      assert.equal(response.status, 405, method);
    }
  } finally {
    console.error = originalError;
    backend.close();
    await rm(base, { recursive: true, force: true });
  }
});
