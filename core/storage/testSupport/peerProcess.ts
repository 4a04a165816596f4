/**
 * A Helia peer in its own process, for tests and benchmarks that need a real second node: run it
 * with `node --import tsx peerProcess.ts '{"directory": "..."}'` (or through `startPeerProcess`).
 * It speaks JSON lines: it prints `{"type":"ready",...}` once listening, then answers each
 * `{"id":1,"command":"has","args":{...}}` read from stdin with a `reply` or an `error` line.
 * When stdin ends (its parent is gone) it closes the store and exits.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { createHeliaContentStore } from '../heliaContentStore';
import { runPeerCommand } from './peerCommands';

const optionsSchema = z.strictObject({ directory: z.string(), listen: z.array(z.string()).optional() });
const requestSchema = z.strictObject({ id: z.number().int(), command: z.string(), args: z.unknown() });

function send(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const store = await createHeliaContentStore(optionsSchema.parse(JSON.parse(process.argv[2] ?? '{}')));
send({ type: 'ready', peerId: store.peerId, addresses: store.listenAddresses() });

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const request = requestSchema.parse(JSON.parse(line));
  const running = runPeerCommand(store, request.command, request.args).then(
    (result) => send({ type: 'reply', id: request.id, result }),
    (error: unknown) =>
      send({
        type: 'error',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
  if (request.command === 'close') {
    await running;
    break;
  }
}
lines.close();
process.stdin.destroy();
await store.close();
