/**
 * A host that was busy for seconds (loading the market's code on a loaded machine, say) still
 * answers the request that waited on a kept-alive connection meanwhile. With Node's default 5 s
 * keep-alive timeout, the timer fired first when the host came back, closed the connection with
 * the request unread, and the client saw ECONNRESET: what `busker serve` did to the next call
 * after its first page of tracks, when that page started the market. Idle connections still close.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppBackend } from '../../core/api/appBackend';
import { openBackend } from '../../core/app/openBackend';
import type { HeadlessHost } from './headlessHost';
import { startHeadlessHost } from './headlessHost';

/** Longer than Node's default keep-alive timeout (5 s), as the market's first load was seen to be. */
const busyMs = 6_000;
const token = 'busy-host-token-0123456789';
function holdTheLoop(): void {
  const until = Date.now() + busyMs;
  while (Date.now() < until);
}

let dir: string;
let backend: AppBackend;
let host: HeadlessHost;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-busy-host-'));
  backend = openBackend({ dataDir: join(dir, 'data'), host: 'headless' });
  // Answers, then holds the event loop the way loading a large module graph does.
  const api = {
    ...backend.api,
    listTracks: async (request: Parameters<AppBackend['api']['listTracks']>[0]) => {
      const page = await backend.api.listTracks(request);
      if (request.text === 'busy after this') {
        // Once the answer is out (its 'finish' set the keep-alive timer), and outside a timer callback
        // (Node's timers would not see the time pass until the next turn of the loop).
        setTimeout(() => setImmediate(holdTheLoop), 300);
      }
      return page;
    },
  };
  host = await startHeadlessHost({ backend: { ...backend, api }, rendererDir: join(dir, 'none'), token });
});

after(async () => {
  await host.close();
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * A client in its own process (this one is held busy), like a page: two calls one after the other
 * on one kept-alive connection. Prints each call's status, or its error code.
 */
const client = `
const http = require('node:http');
const [port, token] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const call = (text) => new Promise((resolve) => {
  const body = JSON.stringify([{ text, offset: 0, limit: 10 }]);
  const request = http.request({ host: '127.0.0.1', port, path: '/api/call/listTracks', method: 'POST', agent,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: 'Bearer ' + token } },
    (response) => { response.resume(); response.on('end', () => resolve(String(response.statusCode))); });
  request.on('error', (error) => resolve(error.code ?? error.message));
  request.end(body);
});
(async () => {
  const first = await call('busy after this');
  // Sent while the host is busy: it waits, unread, on the kept-alive connection.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const second = await call('anything');
  // Idle from now on: the host still closes it (no connection is kept forever).
  await new Promise((resolve) => setImmediate(resolve));
  const [socket] = Object.values(agent.freeSockets)[0] ?? [];
  const idle = await new Promise((resolve) => {
    if (!socket) return resolve('no kept-alive connection');
    const timer = setTimeout(() => resolve('still open after 30 s'), 30000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed by the host');
    });
  });
  console.log(JSON.stringify([first, second, idle]));
  agent.destroy();
})();
`;

test('a call that waited on a kept-alive connection while the host was busy is answered, not reset', async () => {
  const child = spawn(process.execPath, ['-e', client, String(host.port), token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  await new Promise((resolve) => child.once('close', resolve));
  assert.deepEqual(JSON.parse(stdout), ['200', '200', 'closed by the host']);
});
