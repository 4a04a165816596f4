// For tests: a node that accepts connections and never answers, the failure no refused port shows.
import { createServer } from 'node:net';
import type { Socket } from 'node:net';

export interface SilentNode {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Connections open right now (a client that gave up has closed its own). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startSilentNode(): Promise<SilentNode> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.resume(); // read and drop whatever is sent
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the silent node has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    openConnections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
