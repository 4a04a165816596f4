import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CoverImage, MediaFile, MediaSource } from './mediaSource';
import { createMediaHandler } from './mediaHandler';

/** A MediaSource over real files, the way the library answers: by id only. */
function sourceOf(tracks: Record<number, MediaFile>, covers: Record<number, CoverImage> = {}): MediaSource {
  return {
    trackFile: (id) => tracks[id] ?? null,
    coverImage: (id) => covers[id] ?? null,
  };
}

const trackSize = 10_000;
const trackBytes = Buffer.alloc(trackSize, 0).map((_, index) => (index * 7) % 251);
const coverBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

let dir: string;
let handler: (request: Request) => Promise<Response>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-media-'));
  await writeFile(join(dir, 'song.flac'), trackBytes);
  await writeFile(join(dir, 'empty.mp3'), new Uint8Array());
  await mkdir(join(dir, 'folder.ogg'));
  handler = createMediaHandler(
    sourceOf(
      {
        1: { path: join(dir, 'song.flac'), mime: 'audio/flac', size: trackSize },
        2: { path: join(dir, 'gone.mp3'), mime: 'audio/mpeg', size: 5 },
        3: { path: join(dir, 'empty.mp3'), mime: 'audio/mpeg', size: 0 },
        4: { path: join(dir, 'folder.ogg'), mime: 'audio/ogg', size: 0 },
        5: { path: join(dir, 'song.flac'), mime: 'audio/flac\r\nX-Injected: 1', size: trackSize },
      },
      { 8: { data: coverBytes, mime: 'image/png' } },
    ),
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return handler(new Request(url, { method, headers }));
}

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe('tracks', () => {
  test('a whole track: 200, its MIME type, its length, ranges accepted', async () => {
    for (const url of ['busker://track/1', 'http://127.0.0.1:9000/media/1']) {
      const response = await get(url);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'audio/flac');
      assert.equal(response.headers.get('content-length'), String(trackSize));
      assert.equal(response.headers.get('accept-ranges'), 'bytes');
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.deepEqual(await bytesOf(response), trackBytes);
    }
  });

  test('bytes=a-b gives exactly those bytes with 206 and Content-Range', async () => {
    const response = await get('busker://track/1', { Range: 'bytes=100-199' });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-range'), `bytes 100-199/${trackSize}`);
    assert.equal(response.headers.get('content-length'), '100');
    assert.deepEqual(await bytesOf(response), trackBytes.subarray(100, 200));
  });

  test('bytes=a- runs to the end, an end past the file is clamped', async () => {
    const openEnded = await get('busker://track/1', { Range: 'bytes=9990-' });
    assert.equal(openEnded.status, 206);
    assert.equal(openEnded.headers.get('content-range'), `bytes 9990-9999/${trackSize}`);
    assert.deepEqual(await bytesOf(openEnded), trackBytes.subarray(9990));

    const clamped = await get('busker://track/1', { Range: 'bytes=9000-20000' });
    assert.equal(clamped.headers.get('content-range'), `bytes 9000-9999/${trackSize}`);
    assert.equal(clamped.headers.get('content-length'), '1000');
    assert.deepEqual(await bytesOf(clamped), trackBytes.subarray(9000));
  });

  test('a suffix range gives the last bytes', async () => {
    const response = await get('busker://track/1', { Range: 'bytes=-16' });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-range'), `bytes 9984-9999/${trackSize}`);
    assert.equal(response.headers.get('content-length'), '16');
    assert.deepEqual(await bytesOf(response), trackBytes.subarray(trackSize - 16));
  });

  test('unsatisfiable, malformed and multiple ranges are 416 with the size', async () => {
    for (const range of [
      'bytes=10000-',
      'bytes=20000-30000',
      'bytes=50-10',
      'bytes=x-y',
      'bytes=0-1,4-5',
      'lines=1-2',
    ]) {
      const response = await get('busker://track/1', { Range: range });
      assert.equal(response.status, 416, range);
      assert.equal(response.headers.get('content-range'), `bytes */${trackSize}`, range);
      assert.equal((await bytesOf(response)).length, 0);
    }
  });

  test('HEAD answers the headers without a body', async () => {
    const whole = await get('http://localhost/media/1', {}, 'HEAD');
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-length'), String(trackSize));
    assert.equal(whole.body, null);

    const part = await get('busker://track/1', { Range: 'bytes=0-0' }, 'HEAD');
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-0/${trackSize}`);
    assert.equal(part.body, null);
  });

  test('an empty file is 200 with no bytes, and no range of it is satisfiable', async () => {
    const whole = await get('busker://track/3');
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-length'), '0');
    assert.equal((await bytesOf(whole)).length, 0);
    const ranged = await get('busker://track/3', { Range: 'bytes=0-' });
    assert.equal(ranged.status, 416);
    assert.equal(ranged.headers.get('content-range'), 'bytes */0');
  });

  test('a reader may cancel the stream part way', async () => {
    const response = await get('busker://track/1');
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.equal(first.done, false);
    await reader.cancel();
  });

  test('unknown ids, vanished files and folders are 404', async () => {
    for (const url of ['busker://track/99', 'busker://track/2', 'busker://track/4', 'http://h/media/2']) {
      const response = await get(url);
      assert.equal(response.status, 404, url);
    }
  });

  test('a MIME type that could break headers is replaced', async () => {
    const response = await get('busker://track/5');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(response.headers.get('x-injected'), null);
    await response.body?.cancel();
  });
});

describe('paths from the request never reach the filesystem', () => {
  const attempts = [
    'busker://track/..%2F..%2F..%2Fetc%2Fpasswd',
    'busker://track/%2Fetc%2Fpasswd',
    'busker://track//etc/passwd',
    'http://127.0.0.1/media/..%2Fsong.flac',
    'http://127.0.0.1/media/%2E%2E%2Fsong.flac',
    `http://127.0.0.1/media/${encodeURIComponent('/etc/passwd')}`,
    'http://127.0.0.1/media/99999999999999999999999999',
    'http://127.0.0.1/media/9007199254740993',
    'http://127.0.0.1/media/-1',
    'http://127.0.0.1/media/one',
    'http://127.0.0.1/media/1.5',
    'http://127.0.0.1/song.flac',
    'busker://song.flac/1',
    'file:///etc/passwd',
  ];
  for (const url of attempts) {
    test(`404: ${url}`, async () => {
      const response = await get(url);
      assert.equal(response.status, 404);
    });
  }
});

describe('covers', () => {
  test('a cover is served whole, cacheable, with its MIME type', async () => {
    for (const url of ['busker://cover/8', 'http://127.0.0.1:1/cover/8']) {
      const response = await get(url);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.match(response.headers.get('cache-control') ?? '', /immutable/);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), coverBytes);
    }
  });

  test('covers honour ranges too', async () => {
    const response = await get('busker://cover/8', { Range: 'bytes=-4' });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-range'), 'bytes 8-11/12');
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), coverBytes.subarray(8));
    const refused = await get('busker://cover/8', { Range: 'bytes=12-' });
    assert.equal(refused.status, 416);
  });

  test('an unknown cover is 404, and a track id is not a cover id', async () => {
    assert.equal((await get('busker://cover/1')).status, 404);
    assert.equal((await get('busker://track/8')).status, 404);
  });
});

test('methods other than GET and HEAD are 405', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    const response = await get('busker://track/1', {}, method);
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  }
});
