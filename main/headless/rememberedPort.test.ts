import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listenOnRememberedPort } from './rememberedPort';

let dir: string;
const servers: Server[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-port-'));
});

after(async () => {
  for (const server of servers) server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A real server on 127.0.0.1, listened on the way the headless host does. */
function serverListening() {
  const server = createServer();
  servers.push(server);
  return (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
}

const close = (server: Server) => new Promise((done) => server.close(done));

test('a second start listens on the port of the first, so the page keeps its origin', async () => {
  const file = join(dir, 'serve-port');
  const first = await listenOnRememberedPort(file, serverListening());
  assert.equal(await readFile(file, 'utf8'), `${first}\n`);
  await close(servers.at(-1)!);
  assert.equal(await listenOnRememberedPort(file, serverListening()), first);
  await close(servers.at(-1)!);
});

test('a remembered port taken by another program gives way to a free one, remembered next', async () => {
  const file = join(dir, 'taken-port');
  const taken = await serverListening()(0);
  await writeFile(file, `${taken}\n`);
  const port = await listenOnRememberedPort(file, serverListening());
  assert.notEqual(port, taken);
  assert.equal(await readFile(file, 'utf8'), `${port}\n`);
});

test('a damaged or out-of-range port file is ignored, never trusted', async () => {
  for (const text of ['', 'abc', '0', '70000', '-1', '8080; rm -rf /', '1'.repeat(300)]) {
    const file = join(dir, 'damaged-port');
    await writeFile(file, text);
    const asked: number[] = [];
    const listenOn = serverListening();
    const port = await listenOnRememberedPort(file, (wanted) => (asked.push(wanted), listenOn(wanted)));
    assert.deepEqual(asked, [0], `for ${JSON.stringify(text.slice(0, 20))}`);
    assert.equal(await readFile(file, 'utf8'), `${port}\n`);
  }
});

test('another listening error is not hidden by a retry', async () => {
  const file = join(dir, 'error-port');
  await writeFile(file, '4000\n');
  const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
  await assert.rejects(
    listenOnRememberedPort(file, async () => Promise.reject(denied)),
    /EACCES/,
  );
});
