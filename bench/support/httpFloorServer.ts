/**
 * The HTTP floor for the unlock benchmark: a bare `node:http` server in its own process that reads
 * each JSON body, parses it and answers with a body the size of an unlock's, doing nothing else.
 * What it manages with the same client on the same machine is as fast as any Node HTTP server
 * answering these requests can be. Prints one JSON line `{ "url" }` once it listens.
 */
import { createServer } from 'node:http';

const answer = JSON.stringify({ envelope: 'e'.repeat(107) }); // an 80-byte envelope in b64u

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(answer),
    });
    response.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
