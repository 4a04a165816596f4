// Where a seed listens unless told otherwise. Apart from seedServer.ts (helia, fastify, the chain
// client) so that `busker seed --help` can print them without loading any of it.
export const seedListenDefaults = {
  listen: ['/ip4/0.0.0.0/tcp/4001'],
  httpHost: '127.0.0.1',
  httpPort: 8080,
};
