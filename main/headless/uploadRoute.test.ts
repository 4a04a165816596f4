import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBackend } from '../../core/app/openBackend';
import type { AppBackend } from '../../core/api/appBackend';
import { startHeadlessHost, type HeadlessHost } from './headlessHost';

let root: string;
let backend: AppBackend;
let host: HeadlessHost;
const limit = 64 * 1024;

/** A minimal FLAC start: what the sniffer reads is the bytes, whatever the name says. */
const flacBytes = Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(2000, 7)]);

function upload(
  body: Buffer | string | ReadableStream<Uint8Array>,
  options: { name?: string; headers?: Record<string, string> } = {},
) {
  const name = options.name ?? 'harbour.flac';
  return fetch(`http://127.0.0.1:${host.port}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    body,
    headers: {
      authorization: `Bearer ${host.token}`,
      'content-type': 'application/octet-stream',
      ...options.headers,
    },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function uploads(): Promise<string[]> {
  const folders = await readdir(join(root, 'uploads')).catch(() => []);
  const files = await Promise.all(folders.map((folder) => readdir(join(root, 'uploads', folder))));
  return files.flat();
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-upload-'));
  backend = openBackend({ dataDir: root, host: 'headless' });
  host = await startHeadlessHost({
    backend,
    rendererDir: join(root, 'no-renderer'),
    uploadsDir: join(root, 'uploads'),
    maxUploadBytes: limit,
  });
});

after(async () => {
  await host?.close();
  await backend?.close();
  await rm(root, { recursive: true, force: true });
});

describe('uploading a file to the browser host', () => {
  it('keeps an audio file under uploads, by its name, and says where', async () => {
    const response = await upload(flacBytes);
    assert.equal(response.status, 200);
    const { result } = (await response.json()) as { result: { path: string; name: string; bytes: number } };
    assert.equal(result.name, 'harbour.flac');
    assert.equal(result.bytes, flacBytes.length);
    assert.ok(result.path.startsWith(join(root, 'uploads')));
    assert.deepEqual(await readFile(result.path), flacBytes);
  });

  it('refuses a file whose bytes are not audio, whatever its name, and keeps nothing', async () => {
    const before = await uploads();
    const response = await upload('%PDF-1.7 not a song', { name: 'song.flac' });
    assert.equal(response.status, 415);
    assert.deepEqual(await response.json(), {
      error: {
        code: 'PUBLISH_REFUSED',
        message: '"song.flac" is not audio: it starts like a PDF document. Choose an audio file.',
      },
    });
    assert.deepEqual(await uploads(), before);
  });

  it('refuses a file over the cap, declared or streamed, and keeps nothing', async () => {
    const before = await uploads();
    const declared = await upload(Buffer.concat([flacBytes, Buffer.alloc(limit)]));
    assert.equal(declared.status, 413);
    assert.deepEqual(await declared.json(), {
      error: {
        code: 'PUBLISH_REFUSED',
        message: '"harbour.flac" is larger than 64 KiB, more than Busker publishes. Choose a smaller file.',
      },
    });

    // Streamed without a length: counted as it arrives.
    const chunk = new Uint8Array(16 * 1024).fill(1);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= limit * 2) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(
            sent === chunk.length ? new Uint8Array(flacBytes.subarray(0, chunk.length)) : chunk,
          );
        }
      },
    });
    const streamed = await upload(stream);
    assert.equal(streamed.status, 413);
    assert.deepEqual(await uploads(), before);
  });

  it('refuses another site, a form-style content type, a name with folders, and a GET', async () => {
    const fromElsewhere = await upload(flacBytes, { headers: { origin: 'http://evil.example' } });
    assert.equal(fromElsewhere.status, 403);
    const asForm = await upload(flacBytes, { headers: { 'content-type': 'text/plain' } });
    assert.equal(asForm.status, 415);
    const withFolders = await upload(flacBytes, { name: '../../escape.flac' });
    assert.equal(withFolders.status, 400);
    const noToken = await fetch(`http://127.0.0.1:${host.port}/api/upload?name=a.flac`, {
      method: 'POST',
      body: flacBytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    assert.equal(noToken.status, 401);
    const get = await fetch(`http://127.0.0.1:${host.port}/api/upload?name=a.flac`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    assert.equal(get.status, 405);
  });
});
