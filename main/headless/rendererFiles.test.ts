import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRendererFileHandler } from './rendererFiles';

let dir: string;
let serve: (request: Request) => Promise<Response>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-rendererfiles-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Busker</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'assets', 'font.woff2'), 'font');
  await writeFile(join(root, 'data.bin'), new Uint8Array([1, 2, 3]));
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(dir, 'secret.txt'), 'outside the root');
  await symlink(join(dir, 'secret.txt'), join(root, 'link.txt'));
  serve = createRendererFileHandler(root, { headers: { 'Content-Security-Policy': "default-src 'self'" } });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

test('serves index.html for / and the file itself, with the host headers', async () => {
  for (const url of ['busker://app/index.html', 'busker://app/', 'http://127.0.0.1:1/']) {
    const response = await get(url);
    assert.equal(response.status, 200, url);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), "default-src 'self'");
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(await response.text(), '<!doctype html><title>Busker</title>');
  }
});

test('serves nested files with their MIME types', async () => {
  const script = await get('busker://app/app.js');
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const svg = await get('busker://app/assets/logo.svg');
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  const font = await get('busker://app/assets/font.woff2');
  assert.equal(font.headers.get('content-type'), 'font/woff2');
  assert.equal(await font.text(), 'font');
  const binary = await get('busker://app/data.bin');
  assert.equal(binary.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual(new Uint8Array(await binary.arrayBuffer()), new Uint8Array([1, 2, 3]));
});

test('HEAD answers headers without a body', async () => {
  const response = await get('busker://app/app.js', 'HEAD');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-length'), '14');
  assert.equal(await response.text(), '');
});

test('refuses to leave the root, however the path is spelled', async () => {
  for (const url of [
    'busker://app/../secret.txt',
    'busker://app/%2e%2e/secret.txt',
    'busker://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'busker://app/..%5csecret.txt',
    'busker://app/%2fetc%2fpasswd',
    'busker://app//etc/passwd',
    'busker://app/index.html%00.js',
    'busker://app/%E0%A4%A',
    'busker://app/.env',
    'busker://app/%2eenv',
    'busker://app/link.txt',
    'busker://app/assets',
    'busker://app/assets/',
    'busker://app/assets//logo.svg',
    'busker://app/missing.js',
  ]) {
    const response = await get(url);
    assert.equal(response.status, 404, url);
    assert.equal(response.headers.get('content-security-policy'), "default-src 'self'", url);
    assert.doesNotMatch(await response.text(), /outside the root|SECRET/, url);
  }
});

test('only GET and HEAD are allowed', async () => {
  const response = await get('busker://app/index.html', 'POST');
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET, HEAD');
});
