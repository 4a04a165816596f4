import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
