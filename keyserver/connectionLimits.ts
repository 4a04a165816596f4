// What one client may hold of the server's sockets and time: its whole request must arrive within
// a deadline (a client trickling its body a byte at a time is cut off), and one address may keep
// only so many connections open at once (a client opening thousands cannot starve the others).
import type { Server, ServerOptions } from 'node:http';

/** A request's headers and body (at most 4 KiB) must all arrive within this. */
export const requestTimeoutMs = 10_000;

/**
 * Node's HTTP server options behind the deadline: it checks open connections against their
 * deadlines every `connectionsCheckingInterval` (30 s unless told), so it is checked each second.
 */
export const httpServerOptions: ServerOptions = {
  headersTimeout: requestTimeoutMs,
  requestTimeout: requestTimeoutMs,
  connectionsCheckingInterval: 1_000,
};

/**
 * Closes at once every connection beyond `cap` open from one remote address (0: no cap). The
 * address is the socket's: behind a reverse proxy it is the proxy's.
 */
export function capConnectionsPerAddress(server: Server, cap: number, refused: () => void): void {
  if (cap === 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      socket.destroy();
      refused();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
