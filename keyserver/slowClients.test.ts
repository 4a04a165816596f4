// Clients that hold the server's sockets: one trickling its request a byte a second is cut off
// within 15 s, one address opening too many connections has the extra ones closed at once, and an
// ordinary keep-alive client is left alone by both.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { requestTimeoutMs } from './connectionLimits';
import type { TestServer } from './testing/keyServerHarness';
import { KeyServerHarness, metricValue } from './testing/keyServerHarness';
import type { TestBackend } from './testing/testDatabases';
import { startSqliteBackend } from './testing/testDatabases';

let backend: TestBackend;
let harness: KeyServerHarness;
let server: TestServer;

before(async () => {
  [backend, harness] = await Promise.all([startSqliteBackend(), KeyServerHarness.start()]);
  server = await harness.startServer({
    store: await (await backend.createDatabase()).open(),
    ownsStore: true,
  });
});
after(async () => {
  await harness?.close();
  await backend?.stop();
});

interface RawConnection {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves with the milliseconds from connecting to the server closing the connection. */
  closed: Promise<number>;
}

async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = Date.now();
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => text, closed };
}

/** Writes `text` one byte a second until the socket closes. */
function trickle(socket: Socket, text: string): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) return clearInterval(timer);
    socket.write(text.charAt(index));
    index += 1;
  }, 1_000);
  socket.once('close', () => clearInterval(timer));
}

test('a client trickling its body, or its headers, a byte a second is cut off within 15 s', async () => {
  const body = await openRaw(server.url);
  body.socket.write(
    'POST /v1/unlock HTTP/1.1\r\nHost: keys\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n',
  );
  trickle(body.socket, '{'.repeat(4000));
  const headers = await openRaw(server.url);
  trickle(headers.socket, 'GET /v1/info HTTP/1.1\r\nHost: keys\r\nX-Slow: '.padEnd(4000, 'a'));

  const [bodyClosedMs, headersClosedMs] = await Promise.all([body.closed, headers.closed]);
  for (const [what, ms, connection] of [
    ['body', bodyClosedMs, body],
    ['headers', headersClosedMs, headers],
  ] as const) {
    assert.ok(ms < 15_000, `the trickled ${what} was still open after ${ms} ms`);
    assert.ok(
      ms >= requestTimeoutMs - 500,
      `the trickled ${what} was closed after ${ms} ms, before its deadline`,
    );
    assert.match(connection.received(), /^HTTP\/1\.1 408 /, `${what}: ${connection.received()}`);
  }
  // The server is still answering everybody else.
  assert.equal((await server.get('/v1/info')).status, 200);
});

test('a keep-alive client idle longer than the request deadline keeps its connection', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const outgoing = request(`${server.url}${path}`, { agent }, (response) => {
        response.resume();
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, reused: outgoing.reusedSocket }),
        );
      });
      outgoing.once('error', reject);
      outgoing.end();
    });
  try {
    assert.deepEqual(await get('/v1/info'), { status: 200, reused: false });
    await new Promise((resolve) => setTimeout(resolve, requestTimeoutMs + 2_000));
    assert.deepEqual(await get('/v1/health'), { status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});

test('one address may hold only so many connections: the extra one is closed at once', async () => {
  const capped = await harness.startServer({
    store: await (await backend.createDatabase()).open(),
    ownsStore: true,
    maxConnectionsPerIp: 3,
  });
  const held = await Promise.all([1, 2, 3].map(() => openRaw(capped.url)));
  try {
    const extra = await openRaw(capped.url);
    extra.socket.write('GET /v1/info HTTP/1.1\r\nHost: keys\r\n\r\n');
    const extraClosedMs = await extra.closed;
    assert.ok(extraClosedMs < 1_000, `the extra connection lasted ${extraClosedMs} ms`);
    assert.equal(extra.received(), '', 'the extra connection was served');

    // Those held are served, and once one closes a new connection is accepted.
    const [first] = held;
    first?.socket.write('GET /v1/info HTTP/1.1\r\nHost: keys\r\nConnection: close\r\n\r\n');
    await first?.closed;
    assert.match(first?.received() ?? '', /^HTTP\/1\.1 200 /);
    const metrics = await capped.get('/metrics');
    assert.equal(metricValue(metrics.text, 'busker_keyserver_connections_refused_total'), 1);
  } finally {
    for (const connection of held) connection.socket.destroy();
    await capped.close();
  }
});
