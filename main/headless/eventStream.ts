import type { ServerResponse } from 'node:http';
import type { AppBackend, AppEvent } from '../../core/api/appBackend';

export const heartbeatMs = 15_000;

function formatEvent(event: AppEvent): string {
  return `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

/**
 * `GET /api/events`: backend events as Server-Sent Events until the client goes away.
 * The heartbeat comment keeps proxies and idle timers from closing a quiet stream.
 */
export function openEventStream(res: ServerResponse, backend: Pick<AppBackend, 'onEvent'>): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = backend.onEvent((event) => res.write(formatEvent(event)));
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
