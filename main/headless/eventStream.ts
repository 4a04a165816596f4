import type { ServerResponse } from 'node:http';
import type { AppBackend, AppEvent } from '../../core/api/appBackend';

/**
 * How often the stream says the host is alive. The page counts the host as gone when two in a
 * row are missing (a host that hangs without closing its socket), and the heartbeat also keeps
 * proxies and idle timers from closing a quiet stream.
 */
export const heartbeatMs = 5_000;
/** How soon a browser reconnects after the stream broke (the `retry:` field). */
export const reconnectMs = 2_000;

function formatEvent(event: AppEvent): string {
  return `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

/**
 * `GET /api/events`: backend events as Server-Sent Events until the client goes away.
 * Every few seconds a `heartbeat` event (no payload) tells the page the host is still there.
 */
export function openEventStream(res: ServerResponse, backend: Pick<AppBackend, 'onEvent'>): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${reconnectMs}\n: connected\n\n`);
  const unsubscribe = backend.onEvent((event) => res.write(formatEvent(event)));
  const heartbeat = setInterval(() => res.write('event: heartbeat\ndata: {}\n\n'), heartbeatMs);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
