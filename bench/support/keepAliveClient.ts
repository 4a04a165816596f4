/**
 * A lean HTTP/1.1 load client for benchmarks: each connection writes one pre-built request and
 * reads its answer before the next (no pipelining), parsing only the status line and
 * Content-Length. Node's `http.request` spends more CPU per request than the server under test
 * does on some of its steps, and on a 2-core machine the client shares the server's cores, so a
 * heavy client would make every server look slow. The server is what is measured, not the client.
 */
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  /** Requests answered per second over the whole run. */
  rate: number;
  /** Every request's round trip, in ms, sorted. */
  latencies: number[];
  /** Answers whose status was not `expectedStatus`. */
  failures: number;
}

const headerEnd = Buffer.from('\r\n\r\n');

/** `GET path`, as the bytes sent on the wire. */
export function plainGet(url: URL, path: string): Buffer {
  return Buffer.from(`GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`);
}

/** `POST path` with a JSON body, as the bytes sent on the wire. */
export function jsonPost(url: URL, path: string, body: string): Buffer {
  const payload = Buffer.from(body);
  const head =
    `POST ${path} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\n` +
    `content-length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), payload]);
}

/** One keep-alive connection that answers each request's status once its whole body is read. */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  /** The answer being read: its status, and how much of its body is still to come. */
  private answer: { status: number; bodyLeft: number } | undefined;
  private waiting: { resolve(status: number): void; reject(error: Error): void } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('The server closed the connection.')));
  }

  static open(url: URL): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  send(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      if (!this.answer) {
        this.buffered = this.buffered.length === 0 ? data : Buffer.concat([this.buffered, data]);
        const end = this.buffered.indexOf(headerEnd);
        if (end < 0) return;
        const head = this.buffered.toString('latin1', 0, end);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        this.answer = { status: Number(head.slice(9, 12)), bodyLeft: length };
        data = this.buffered.subarray(end + headerEnd.length);
        this.buffered = Buffer.alloc(0);
      }
      // A body is counted, not kept: joining a large one chunk by chunk would cost the client
      // more than the server spends sending it.
      const taken = Math.min(this.answer.bodyLeft, data.length);
      this.answer.bodyLeft -= taken;
      data = data.subarray(taken);
      if (this.answer.bodyLeft > 0) return;
      const { status } = this.answer;
      this.answer = undefined;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve(status);
    }
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

/**
 * Sends every request once over `clients` connections, each waiting for its answer before the next.
 * Each connection's first request is sent before the clock starts and is neither timed nor counted
 * in the rate: it also waits for the server to accept the connection, and libuv accepts one
 * connection per turn of a busy event loop, so 64 connections opened at once would time connection
 * set-up (up to a second for the last one), not the server's answers.
 */
export async function runLoad(
  url: URL,
  requests: readonly Buffer[],
  clients: number,
  expectedStatus = 200,
): Promise<LoadResult> {
  const connections = await Promise.all(Array.from({ length: clients }, () => Connection.open(url)));
  const latencies: number[] = [];
  let failures = 0;
  let next = clients;
  try {
    const openers = await Promise.all(
      connections.map((connection, index) => connection.send(requests[index] as Buffer)),
    );
    failures += openers.filter((status) => status !== expectedStatus).length;
    const start = performance.now();
    await Promise.all(
      connections.map(async (connection) => {
        for (let index = next++; index < requests.length; index = next++) {
          const sent = performance.now();
          const status = await connection.send(requests[index] as Buffer);
          latencies.push(performance.now() - sent);
          if (status !== expectedStatus) failures += 1;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return { rate: latencies.length / seconds, latencies, failures };
  } finally {
    for (const connection of connections) connection.close();
  }
}
