/**
 * Starts a Helia peer in a child process (`peerProcess.ts`) and talks to it:
 *
 *   const peer = await startPeerProcess();
 *   const cid = await peer.call('addSeeded', { size: 1_000_000, seed: 'a' });
 *   await store.connectPeer(peer.addresses[0]);
 *   ...
 *   await peer.dispose();
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PeerCommand, PeerCommandArgs, PeerCommandResult } from './peerCommands';

const READY_TIMEOUT_MS = 30_000;
const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const script = fileURLToPath(new URL('./peerProcess.ts', import.meta.url));

const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), peerId: z.string(), addresses: z.array(z.string()) }),
  z.object({ type: z.literal('reply'), id: z.number(), result: z.unknown().optional() }),
  z.object({ type: z.literal('error'), id: z.number(), message: z.string() }),
]);

export interface PeerProcessOptions {
  /** The store's directory; a temporary one (removed by `dispose`) when omitted. */
  directory?: string;
  listen?: string[];
}

export interface PeerProcess {
  readonly peerId: string;
  /** Multiaddrs with the peer id, ready for `connectPeer`. */
  readonly addresses: string[];
  readonly directory: string;
  readonly pid: number;
  call<K extends PeerCommand>(command: K, args: PeerCommandArgs<K>): Promise<PeerCommandResult<K>>;
  /** SIGKILL, as in a crash: the store gets no chance to close. */
  kill(): Promise<void>;
  /** Closes the store and waits for the process to exit on its own; resolves with how long that took. */
  close(): Promise<number>;
  /** Kills the process if it still runs and removes a directory this client made. */
  dispose(): Promise<void>;
}

export async function startPeerProcess(options: PeerProcessOptions = {}): Promise<PeerProcess> {
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'busker-peer-')));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, JSON.stringify({ directory, listen: options.listen })],
    { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  type Ready = { peerId: string; addresses: string[] };
  let ready: (message: Ready) => void = () => {};
  let notReady: (error: Error) => void = () => {};
  const readyMessage = new Promise<Ready>((resolve, reject) => {
    ready = resolve;
    notReady = reject;
  });
  const readyTimer = setTimeout(
    () => notReady(new Error(`The peer process did not start within ${READY_TIMEOUT_MS} ms.\n${stderr}`)),
    READY_TIMEOUT_MS,
  );
  void exited.then(() =>
    notReady(new Error(`The peer process exited before it was ready (code ${child.exitCode}).\n${stderr}`)),
  );

  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = messageSchema.safeParse(safeJson(line));
    if (!parsed.success) return; // Not ours: a library printing to stdout.
    const message = parsed.data;
    if (message.type === 'ready') return ready(message);
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'reply') waiter?.resolve(message.result);
    else waiter?.reject(new Error(`Peer process: ${message.message}`));
  });
  void exited.then(() => {
    for (const waiter of pending.values()) {
      waiter.reject(
        new Error(`The peer process exited (code ${child.exitCode}, ${child.signalCode}).\n${stderr}`),
      );
    }
    pending.clear();
  });

  const { peerId, addresses } = await readyMessage
    .catch(async (error: unknown) => {
      child.kill('SIGKILL');
      if (ownDirectory) await rm(directory, { recursive: true, force: true });
      throw error;
    })
    .finally(() => clearTimeout(readyTimer));

  const running = () => child.exitCode === null && child.signalCode === null;
  const peer: PeerProcess = {
    peerId,
    addresses,
    directory,
    pid: child.pid ?? -1,
    call<K extends PeerCommand>(command: K, args: PeerCommandArgs<K>): Promise<PeerCommandResult<K>> {
      if (!running()) return Promise.reject(new Error(`The peer process has exited; cannot run ${command}.`));
      const id = nextId++;
      return new Promise<PeerCommandResult<K>>((resolve, reject) => {
        // The child checked the request against the command's schema and ran its typed handler.
        pending.set(id, { resolve: (value) => resolve(value as PeerCommandResult<K>), reject });
        child.stdin.write(`${JSON.stringify({ id, command, args })}\n`);
      });
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    async close() {
      const start = performance.now();
      await peer.call('close', {});
      await exited;
      return performance.now() - start;
    },
    async dispose() {
      await peer.kill();
      if (ownDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
  return peer;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
