import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AppApi, TrackSummary } from '../../core/api/appApi';
import type { AppBackend, AppEvent, AppEventListener } from '../../core/api/appBackend';
import type { MediaSource } from '../../core/media/mediaSource';
import { marketOff } from '../../core/app/marketOff';
import { playlistMethods } from '../../core/api/appMethods';
import { createMediaHandler } from '../../core/media/mediaHandler';
import { AppError } from '../../core/errors';
import type { HeadlessHost } from './headlessHost';
import { startHeadlessHost } from './headlessHost';

const track: TrackSummary = {
  id: 1,
  title: 'Song',
  artist: 'Artist',
  album: 'Album',
  albumId: null,
  artistId: null,
  trackNumber: 1,
  discNumber: null,
  year: 2024,
  durationMs: 1000,
  mime: 'audio/flac',
  coverId: null,
  playCount: 0,
  lastPlayedAt: null,
};

/** The playlist methods this host test never calls. */
function unusedPlaylistMethods(): Pick<AppApi, (typeof playlistMethods)[number]> {
  const unused = async (): Promise<never> => {
    throw new AppError('NOT_FOUND', 'Not in this test.');
  };
  return Object.fromEntries(playlistMethods.map((method) => [method, unused])) as unknown as Pick<
    AppApi,
    (typeof playlistMethods)[number]
  >;
}

/** A small real backend over real files: enough of the contract to exercise the host. */
function makeBackend(trackPath: string) {
  const listeners = new Set<AppEventListener>();
  let unsubscribed: () => void = () => {};
  const unsubscribedOnce = new Promise<void>((resolve) => (unsubscribed = resolve));
  const api: AppApi = {
    capabilities: async () => ({ host: 'headless', folderPicker: false, market: false, desktopShell: false }),
    libraryStats: async () => ({ tracks: 1, albums: 1, artists: 1 }),
    listTracks: async (request) => ({ total: 1, offset: request.offset, tracks: [track] }),
    listTrackIds: async () => [1],
    getTracks: async (ids) => (ids.includes(1) ? [track] : []),
    listAlbums: async () => [],
    listArtists: async () => {
      throw new Error('database exploded at /secret/path');
    },
    searchLibrary: async () => ({
      artists: { total: 0, items: [] },
      albums: { total: 0, items: [] },
      songs: { total: 1, items: [track] },
    }),
    pickFolder: async () => null,
    browseFolders: async () => ({ path: '/', parent: null, folders: [], truncated: false }),
    importFolder: async (folder) => {
      throw new AppError('FOLDER_NOT_FOUND', `There is no folder at ${folder}.`);
    },
    listFolders: async () => [],
    removeFolder: async () => {},
    ...unusedPlaylistMethods(),
    recordPlay: async () => {},
    showTrackInFolder: async () => {},
    ...marketOff(),
  };
  const media: MediaSource = {
    trackFile: (id) => (id === 1 ? { path: trackPath, mime: 'audio/flac', size: 4096 } : null),
    coverImage: () => null,
  };
  const backend: AppBackend = {
    api,
    media,
    handleMedia: createMediaHandler(media),
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        unsubscribed();
      };
    },
    peerAddresses: async () => [],
    async close() {},
  };
  return {
    backend,
    emit: (event: AppEvent) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
    unsubscribedOnce,
  };
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, so the path and Host go out exactly as written (fetch would normalize them). */
function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const token = 'test-token-0123456789';
const trackBytes = Buffer.alloc(4096).map((_, index) => index % 256);
let dir: string;
let host: HeadlessHost;
let fixture: ReturnType<typeof makeBackend>;
let auth: Record<string, string>;
let base: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-host-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Busker</title>');
  await writeFile(join(rendererDir, 'app.js'), 'console.log(1);');
  await writeFile(join(rendererDir, 'app.css'), 'body{}');
  await writeFile(join(rendererDir, 'assets', 'font.woff2'), 'font');
  await writeFile(join(rendererDir, '.env'), 'SECRET=1');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  await writeFile(join(dir, 'song.flac'), trackBytes);
  fixture = makeBackend(join(dir, 'song.flac'));
  host = await startHeadlessHost({ backend: fixture.backend, rendererDir, token });
  auth = { Authorization: `Bearer ${token}` };
  base = `http://127.0.0.1:${host.port}`;
});

after(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function call(method: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('signing in', () => {
  test('the URL carries the token and the port', () => {
    assert.equal(host.url, `http://127.0.0.1:${host.port}/?token=${token}`);
    assert.equal(host.token, token);
  });

  test('opening the URL sets the session cookie and redirects to /, which then serves the app', async () => {
    const signIn = await fetch(host.url, { redirect: 'manual' });
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get('location'), '/');
    assert.equal(
      signIn.headers.get('set-cookie'),
      `busker_session=${token}; HttpOnly; SameSite=Strict; Path=/`,
    );

    const page = await fetch(`${base}/`, { headers: { Cookie: `other=1; busker_session=${token}` } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await page.text(), '<!doctype html><title>Busker</title>');
  });

  test('a wrong token in the URL is refused and sets no cookie', async () => {
    const response = await fetch(`${base}/?token=${token}x`, { redirect: 'manual' });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  test('/ without a session explains where to find the link', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /busker serve/);
  });

  test('everything else without a session, or with a wrong one, is a 401 JSON error', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { Cookie: 'busker_session=wrong' },
      { Cookie: `busker_session_x=${token}` },
      { Authorization: 'Bearer wrong' },
      { Authorization: `Basic ${token}` },
    ];
    for (const headers of attempts) {
      for (const path of ['/app.js', '/media/1', '/api/events']) {
        const response = await fetch(`${base}${path}`, { headers });
        assert.equal(response.status, 401, `${path} ${JSON.stringify(headers)}`);
        const body = (await response.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'UNAUTHORIZED');
      }
      const apiCall = await fetch(`${base}/api/call/capabilities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '[]',
      });
      assert.equal(apiCall.status, 401);
    }
  });

  test('a random token is made when none is given', async () => {
    const other = await startHeadlessHost({ backend: fixture.backend, rendererDir: dir });
    try {
      assert.match(other.token, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(other.token, token);
      assert.equal(other.url, `http://127.0.0.1:${other.port}/?token=${other.token}`);
    } finally {
      await other.close();
    }
  });
});

describe('guards', () => {
  test('a Host other than 127.0.0.1:<port> or localhost:<port> is 403, even with the token', async () => {
    for (const hostHeader of [
      'evil.example',
      `evil.example:${host.port}`,
      '127.0.0.1',
      `127.0.0.1:${host.port + 1}`,
      `[::1]:${host.port}`,
    ]) {
      const response = await raw(host.port, {
        path: `/?token=${token}`,
        headers: { Host: hostHeader, ...auth },
      });
      assert.equal(response.status, 403, hostHeader);
      assert.equal(response.headers['set-cookie'], undefined);
    }
    const local = await raw(host.port, {
      path: '/app.js',
      headers: { Host: `localhost:${host.port}`, ...auth },
    });
    assert.equal(local.status, 200);
  });

  test('an Origin other than the host itself is 403', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      `https://127.0.0.1:${host.port}`,
      `http://localhost:${host.port}`,
    ]) {
      const response = await call('capabilities', [], { Origin: origin });
      assert.equal(response.status, 403, origin);
    }
    const sameOrigin = await call('capabilities', [], { Origin: base });
    assert.equal(sameOrigin.status, 200);
  });

  test('every response carries the security headers', async () => {
    const responses = [
      await fetch(`${base}/`),
      await fetch(`${base}/app.js`, { headers: auth }),
      await fetch(`${base}/missing.js`, { headers: auth }),
      await call('capabilities', []),
      await fetch(`${base}/media/1`, { headers: auth }),
      await raw(host.port, { path: '/', headers: { Host: 'evil.example' } }),
    ];
    for (const response of responses) {
      const get = (name: string) =>
        response instanceof Response
          ? response.headers.get(name)
          : (response.headers[name] as string | undefined);
      assert.equal(
        get('content-security-policy'),
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; " +
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      );
      assert.equal(get('x-content-type-options'), 'nosniff');
      assert.equal(get('referrer-policy'), 'no-referrer');
      assert.equal(get('cross-origin-opener-policy'), 'same-origin');
      if (response instanceof Response) await response.body?.cancel();
    }
  });
});

describe('API calls', () => {
  test('a valid call answers { result }', async () => {
    const response = await call('listTracks', [{ offset: 0, limit: 10, text: 'so' }]);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { result: { total: 1, offset: 0, tracks: [track] } });
    const stats = await call('capabilities', [], { 'Content-Type': 'application/json; charset=utf-8' });
    assert.deepEqual(await stats.json(), {
      result: { host: 'headless', folderPicker: false, market: false, desktopShell: false },
    });
  });

  test('bad arguments are 400 with a message naming the method', async () => {
    for (const args of [
      [{ offset: -1, limit: 10 }],
      [],
      {},
      [{ offset: 0, limit: 10, extra: 1 }],
      '"x"',
      'null',
    ]) {
      const response = await call('listTracks', args);
      assert.equal(response.status, 400, JSON.stringify(args));
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'BAD_REQUEST');
      assert.match(body.error.message, /listTracks/);
    }
  });

  test('a body that is not JSON is 400', async () => {
    const response = await call('capabilities', '[1,');
    assert.equal(response.status, 400);
  });

  test('unknown methods are 404, including object prototype names', async () => {
    for (const method of ['deleteEverything', '__proto__', 'constructor', 'toString', '']) {
      const response = await call(method, []);
      assert.equal(response.status, 404, method);
    }
  });

  test('a call must be a POST of application/json', async () => {
    const get = await fetch(`${base}/api/call/capabilities`, { headers: auth });
    assert.equal(get.status, 405);
    const text = await call('capabilities', '[]', { 'Content-Type': 'text/plain' });
    assert.equal(text.status, 415);
    const form = await call('capabilities', '[]', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
  });

  test('a body over 1 MiB is refused', async () => {
    const response = await call('getTracks', `[[${'1,'.repeat(600_000)}1]]`);
    assert.equal(response.status, 413);
  });

  test('backend errors keep their code; unexpected errors hide their details', async () => {
    const missing = await call('importFolder', ['/no/such/folder']);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      error: { code: 'FOLDER_NOT_FOUND', message: 'There is no folder at /no/such/folder.' },
    });
    const broken = await call('listArtists', []);
    assert.equal(broken.status, 500);
    const body = (await broken.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'INTERNAL');
    assert.doesNotMatch(body.error.message, /secret/);
  });

  test('unknown /api/ paths are 404', async () => {
    const response = await fetch(`${base}/api/nothing`, { headers: auth });
    assert.equal(response.status, 404);
  });
});

describe('events', () => {
  test('backend events arrive as Server-Sent Events, and closing the stream unsubscribes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { headers: auth, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();

    let received = '';
    while (!received.includes(': connected\n\n')) received += (await reader.read()).value ?? '';
    assert.equal(fixture.listenerCount(), 1);
    fixture.emit({ name: 'onDidChangeLibrary', payload: { tracks: 3, albums: 2, artists: 1 } });
    while (!received.includes('"artists":1}\n\n')) received += (await reader.read()).value ?? '';
    assert.match(received, /event: onDidChangeLibrary\ndata: \{"tracks":3,"albums":2,"artists":1\}\n\n/);
    // The page tells a live host from a hung one by this heartbeat; the browser retries after 2 s.
    assert.ok(received.startsWith('retry: 2000\n'), received);
    while (!received.includes('event: heartbeat\ndata: {}\n\n'))
      received += (await reader.read()).value ?? '';

    controller.abort();
    await fixture.unsubscribedOnce;
    assert.equal(fixture.listenerCount(), 0);
  });
});

describe('media through the host', () => {
  test('a range of a track', async () => {
    const response = await fetch(`${base}/media/1`, { headers: { ...auth, Range: 'bytes=1000-1099' } });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-range'), 'bytes 1000-1099/4096');
    assert.equal(response.headers.get('content-type'), 'audio/flac');
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), trackBytes.subarray(1000, 1100));
  });

  test('the whole track, HEAD, and 416', async () => {
    const whole = await fetch(`${base}/media/1`, { headers: auth });
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), trackBytes);

    const head = await raw(host.port, { method: 'HEAD', path: '/media/1', headers: auth });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '4096');
    assert.equal(head.body.length, 0);

    const refused = await fetch(`${base}/media/1`, { headers: { ...auth, Range: 'bytes=4096-' } });
    assert.equal(refused.status, 416);
    assert.equal(refused.headers.get('content-range'), 'bytes */4096');
  });

  test('a client that leaves mid-stream does not break the host', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/media/1`, { headers: auth, signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const again = await fetch(`${base}/media/1`, { headers: { ...auth, Range: 'bytes=0-0' } });
    assert.equal(again.status, 206);
    await again.body?.cancel();
  });

  test('unknown ids, paths and other methods', async () => {
    for (const path of [
      '/media/2',
      '/media/..%2F..%2Fetc%2Fpasswd',
      '/media/%2Fetc%2Fpasswd',
      '/cover/1',
      '/media/-1',
    ]) {
      const response = await raw(host.port, { path, headers: auth });
      assert.equal(response.status, 404, path);
    }
    const post = await raw(host.port, { method: 'POST', path: '/media/1', headers: auth });
    assert.equal(post.status, 405);
  });
});

describe('static files', () => {
  test('renderer files with their content types', async () => {
    const cases: Array<[string, string, string]> = [
      ['/app.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
      ['/app.css', 'text/css; charset=utf-8', 'body{}'],
      ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Busker</title>'],
      ['/assets/font.woff2', 'font/woff2', 'font'],
    ];
    for (const [path, type, body] of cases) {
      const response = await fetch(`${base}${path}`, { headers: auth });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type);
      assert.equal(await response.text(), body);
    }
  });

  test('traversal, dot-files and folders are 404', async () => {
    const attempts = [
      '/..%2f..%2fetc/passwd',
      '/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/.env',
      '/assets',
      '/assets/',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/missing.js',
    ];
    for (const path of attempts) {
      const response = await raw(host.port, { path, headers: auth });
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.body.toString(), /outside the renderer|SECRET|root:/);
    }
  });

  test('only GET and HEAD', async () => {
    const response = await raw(host.port, { method: 'PUT', path: '/app.js', headers: auth, body: 'x' });
    assert.equal(response.status, 405);
    const head = await raw(host.port, { method: 'HEAD', path: '/app.css', headers: auth });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '6');
  });
});

test('close() returns while an event stream is still open', async () => {
  const other = await startHeadlessHost({ backend: fixture.backend, rendererDir: dir, token });
  const response = await fetch(`http://127.0.0.1:${other.port}/api/events`, { headers: auth });
  assert.equal(response.status, 200);
  await other.close();
  await assert.rejects(fetch(`http://127.0.0.1:${other.port}/`));
});
